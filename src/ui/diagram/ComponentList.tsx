/** The components running on a node, each a named item (e.g. kubelet, etcd). */
export function ComponentList({ names }: { names: readonly string[] }) {
  return (
    <ul className="components" aria-label="Components">
      {names.map((name) => (
        <li key={name} className="component" aria-label={name}>
          {name}
        </li>
      ))}
    </ul>
  );
}
