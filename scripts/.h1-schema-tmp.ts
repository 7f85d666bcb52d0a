import { checkAgainstSchema, definitionName } from '../src/sim/schema/index.ts';
const def = definitionName('', 'v1', 'Pod')!;
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { generateName: 'web-', labels: { app: 'web', 'pod-template-hash': 'abc' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'x', controller: true, blockOwnerDeletion: true }] },
  spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] } };
const c0 = process.cpuUsage();
for (let i = 0; i < 150000; i++) checkAgainstSchema(pod, def);
const c1 = process.cpuUsage(c0);
console.log(`cpu ${((c1.user + c1.system) / 1e6).toFixed(2)}s for 150k pod checks`);
