export { REPO_ROOT, readDataDir } from './data-dir.ts';
export { exerciseRunsPath, readExerciseRuns } from './exercise-runs.ts';
export { storageReader } from './storage-command.ts';
export { readApiDescriptionFile } from './api-description-file.ts';
export { allowTarget } from './remote-target.ts';
export { refuseWorkspaceWithApi, resolveClassroomTarget, workspaceRefusal } from './workspace-option.ts';
