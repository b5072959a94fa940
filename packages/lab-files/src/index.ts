export { REPO_ROOT, readDataDir } from './data-dir.ts';
export { EXERCISE_RUNS_FILE, exerciseRunsPath, readExerciseRuns, type ExerciseRunsRead } from './exercise-runs.ts';
