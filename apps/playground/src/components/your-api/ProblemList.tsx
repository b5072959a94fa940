/** Every problem AuthLab found in a file the learner gave it, each exactly as worded, with where it is. */
export function ProblemList({ problems }: { problems: readonly string[] }) {
  return (
    <ul className="description-problems">
      {problems.map((problem) => (
        <li key={problem}>
          <code>{problem}</code>
        </li>
      ))}
    </ul>
  );
}
