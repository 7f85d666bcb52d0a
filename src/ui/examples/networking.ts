import { deployment, service, type Example } from './types.ts';

export const networkingExamples: Example[] = [
  {
    id: 'service',
    title: 'A Service: one stable address, many pods behind it',
    teaches: 'A Service keeps one virtual IP and spreads requests over the ready pods it selects.',
    explanation: [
      'Pods change; the Service does not. It gets a ClusterIP from the service range when it is created and keeps it for life.',
      'The endpoints controller lists the ready pods that match the Service selector; kube-proxy on every node turns that list into rules that send each connection to one of them at random.',
      'When the pods are replaced at 30 s, their IPs all change, but the Service address stays the same and traffic keeps flowing.',
    ],
    watch:
      'The Service edge moving to the new pods while its ClusterIP stays put, and requests spreading across replicas.',
    files: [{ name: 'web.yaml', text: `${deployment('web')}---\n${service('web', 'web')}` }],
    timeline:
      'at 15s: send 30 requests to service/web\nat 30s: kubectl rollout restart deployment/web\nat 60s: send 30 requests to service/web\n',
  },
  {
    id: 'ingress',
    title: 'Ingress routes by host and path',
    teaches:
      'An Ingress sends outside HTTP requests to different Services by host name and URL path.',
    explanation: [
      'A Service of type LoadBalancer gives one application an outside address. An Ingress lets many applications share one: the ingress controller reads the rules and forwards each request to the Service whose path matches.',
      'Here /api goes to the api Service and /app to the app Service. A request for a path no rule matches gets the default backend\u2019s 404.',
    ],
    watch: 'Requests travelling from the ingress controller through each Service to its pods.',
    files: [
      {
        name: 'ingress.yaml',
        text: `${deployment('api', { replicas: 2, image: 'hashicorp/http-echo:1.0', port: 5678 })}---
${service('api', 'api', { targetPort: 5678 })}---
${deployment('app', { replicas: 2 })}---
${service('app', 'app')}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
          - path: /app
            pathType: Prefix
            backend:
              service:
                name: app
                port:
                  number: 80
`,
      },
    ],
    timeline: 'at 20s: send 20 requests to ingress/web\n',
  },
  {
    id: 'config-and-secrets',
    title: 'ConfigMaps and Secrets, as variables and as files',
    teaches:
      'Configuration lives outside the image; a Secret is only base64-encoded, not encrypted.',
    explanation: [
      'A ConfigMap holds plain settings and a Secret holds sensitive ones. A pod can read either as environment variables or as files in a volume.',
      'Secret values are stored base64-encoded in etcd. That is an encoding anyone can reverse, not encryption: protect Secrets with RBAC, and turn on encryption at rest in real clusters.',
      'Files from a ConfigMap volume follow changes after the kubelet\u2019s sync delay; environment variables are read once, when the container starts.',
    ],
    watch: 'The pod waiting in CreateContainerConfigError until the Secret exists, then starting.',
    files: [
      {
        name: 'config.yaml',
        text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: app-config
data:
  LOG_LEVEL: info
  app.properties: |
    greeting=hello
    color=blue
---
apiVersion: v1
kind: Pod
metadata:
  name: configured
spec:
  containers:
    - name: app
      image: busybox:1.36
      command: ["sh", "-c", "echo $LOG_LEVEL $DB_PASSWORD; sleep 3600"]
      env:
        - name: LOG_LEVEL
          valueFrom:
            configMapKeyRef:
              name: app-config
              key: LOG_LEVEL
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db-secret
              key: password
      volumeMounts:
        - name: config
          mountPath: /etc/app
  volumes:
    - name: config
      configMap:
        name: app-config
`,
      },
      {
        name: 'secret.yaml',
        text: `apiVersion: v1
kind: Secret
metadata:
  name: db-secret
type: Opaque
data:
  password: czNjcjN0  # base64 of "s3cr3t"
`,
      },
    ],
    timeline: 'at 0s: apply config.yaml\nat 20s: apply secret.yaml\n',
  },
  {
    id: 'volumes',
    title: 'emptyDir against a PersistentVolumeClaim',
    teaches: 'An emptyDir lives and dies with its pod; a PersistentVolumeClaim outlives it.',
    explanation: [
      'An emptyDir volume is created empty when the pod starts on a node and deleted when the pod goes away. It is scratch space.',
      'A PersistentVolumeClaim asks for storage; the volume binder finds or provisions a PersistentVolume for it. When the pod is replaced, the new pod mounts the same volume and finds the data still there.',
    ],
    watch:
      'The claim turning Bound once the pod is scheduled (the default class waits for the first consumer), and staying Bound after the pod is deleted.',
    files: [
      {
        name: 'storage.yaml',
        text: `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  containers:
    - name: writer
      image: busybox:1.36
      command: ["sh", "-c", "while true; do date >> /data/log; date >> /scratch/log; sleep 5; done"]
      volumeMounts:
        - name: data
          mountPath: /data
        - name: scratch
          mountPath: /scratch
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: data
    - name: scratch
      emptyDir: {}
`,
      },
    ],
  },
];
