import { deployment, type Example } from './types.ts';

export const workloadExamples: Example[] = [
  {
    id: 'ephemeral-pods',
    title: 'Pods come and go, and so do their IPs',
    teaches: 'A pod is disposable: a replacement is a new pod with a new name and a new IP.',
    explanation: [
      'A pod is the smallest thing Kubernetes runs: one or more containers sharing a network address. Pods are not repaired; when one disappears, its controller creates a fresh one.',
      'This Deployment keeps three replicas. At 20 s the timeline deletes all of them. The ReplicaSet controller notices it has none where it wants three and creates new ones, which the scheduler places and the kubelets start.',
      'The new pods get addresses the old ones never had, which is why nothing should depend on a pod IP.',
    ],
    watch: 'The IPs of the replacement pods flashing as they appear, and their different names.',
    files: [{ name: 'web.yaml', text: deployment('web') }],
    timeline: 'at 20s: kubectl delete pod -l app=web --wait=false\n',
  },
  {
    id: 'replicasets',
    title: 'A ReplicaSet counts pods',
    teaches:
      'A ReplicaSet compares how many matching pods exist with how many it wants, and fixes the difference.',
    explanation: [
      'A ReplicaSet owns the pods whose labels match its selector. Its controller runs a simple loop: count them, then create or delete pods until the count equals spec.replicas.',
      'Scale it up and new pods appear; scale it down and Kubernetes chooses which to remove (pending and not-ready pods go first, then the newest).',
      'You rarely create ReplicaSets yourself: Deployments create and manage them for you.',
    ],
    watch: 'The number of pods following each scale command in the timeline.',
    files: [
      {
        name: 'frontend.yaml',
        text: `apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: frontend
  labels:
    app: guestbook
spec:
  replicas: 3
  selector:
    matchLabels:
      tier: frontend
  template:
    metadata:
      labels:
        tier: frontend
    spec:
      containers:
        - name: php-redis
          image: us-docker.pkg.dev/google-samples/containers/gke/gb-frontend:v5
`,
      },
    ],
    timeline:
      'at 15s: kubectl scale rs/frontend --replicas=5\nat 45s: kubectl scale rs/frontend --replicas=2\n',
  },
  {
    id: 'rolling-update',
    title: 'A rolling update, and a rollback',
    teaches:
      'A Deployment replaces pods a few at a time, and keeps old ReplicaSets so it can go back.',
    explanation: [
      'Changing the pod template of a Deployment creates a new ReplicaSet. The Deployment controller then scales the new one up and the old one down, never going above replicas + maxSurge pods, nor below replicas - maxUnavailable ready ones (both 25% by default).',
      'The old ReplicaSet is kept at zero replicas: it is the revision history. Rolling back simply makes the old template current again.',
    ],
    watch: 'Two ReplicaSets trading pods during the update, then again during the undo.',
    files: [{ name: 'web.yaml', text: deployment('web', { replicas: 4, image: 'nginx:1.26' }) }],
    timeline:
      'at 20s: kubectl set image deployment/web web=nginx:1.27\nat 80s: kubectl rollout undo deployment/web\n',
  },
  {
    id: 'statefulset',
    title: 'A StatefulSet: order and a stable identity',
    teaches:
      'StatefulSet pods are created one by one, keep their names, and keep their own volume.',
    explanation: [
      'A StatefulSet names its pods by ordinal: web-0, web-1, web-2. It starts web-1 only once web-0 is running and ready, and removes them in reverse order.',
      'Each pod gets its own PersistentVolumeClaim from the volumeClaimTemplates. When a pod is replaced, the new one has the same name and mounts the same claim, so its data follows it.',
      'A headless Service gives each pod a DNS name of its own, such as web-0.nginx.default.svc.cluster.local.',
    ],
    watch: 'web-0, web-1 and web-2 starting in order, and their claims staying after a scale-down.',
    files: [
      {
        name: 'web.yaml',
        text: `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
    - port: 80
      name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
        - name: nginx
          image: registry.k8s.io/nginx-slim:0.24
          ports:
            - containerPort: 80
              name: web
          volumeMounts:
            - name: www
              mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
    - metadata:
        name: www
      spec:
        accessModes: ['ReadWriteOnce']
        resources:
          requests:
            storage: 1Gi
`,
      },
    ],
    timeline: 'at 60s: kubectl scale statefulset/web --replicas=1\n',
  },
  {
    id: 'daemonset',
    title: 'A DaemonSet follows the nodes',
    teaches: 'A DaemonSet runs one pod on every eligible node, including nodes that join later.',
    explanation: [
      'Log collectors and node agents must run everywhere. A DaemonSet creates exactly one pod per node that matches its selector and tolerations.',
      'When a node joins, it gets a pod; when a node leaves, its pod goes with it. The control-plane node is skipped here because of its NoSchedule taint.',
    ],
    watch: 'A new pod appearing on the node added at 20 s.',
    files: [
      {
        name: 'fluentd.yaml',
        text: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fluentd-elasticsearch
  namespace: kube-system
  labels:
    k8s-app: fluentd-logging
spec:
  selector:
    matchLabels:
      name: fluentd-elasticsearch
  template:
    metadata:
      labels:
        name: fluentd-elasticsearch
    spec:
      containers:
        - name: fluentd-elasticsearch
          image: quay.io/fluentd_elasticsearch/fluentd:v5.0.1
          resources:
            requests:
              cpu: 100m
              memory: 200Mi
`,
      },
    ],
    timeline: 'at 20s: add node\n',
  },
  {
    id: 'job-cronjob',
    title: 'Jobs run to completion; CronJobs run them on a schedule',
    teaches:
      'A Job keeps creating pods until enough of them succeed; a CronJob creates Jobs on a cron schedule.',
    explanation: [
      'Unlike a Deployment, a Job wants its pods to finish. It counts successful completions and stops at spec.completions, retrying failed pods with a growing back-off up to backoffLimit.',
      'A CronJob is a Job factory: at each tick of its schedule it creates a Job named after the scheduled minute, and keeps a few finished ones as history.',
    ],
    watch: 'Pods turning Completed, and a new Job appearing every minute.',
    files: [
      {
        name: 'jobs.yaml',
        text: `apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 3
  parallelism: 2
  backoffLimit: 4
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pi
          image: perl:5.34.0
          command: ["sh", "-c", "sleep 8"]
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: hello
              image: busybox:1.36
              command: ["sh", "-c", "date; echo Hello; sleep 3"]
`,
      },
    ],
  },
];
