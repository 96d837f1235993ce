import { z } from 'zod';

/** A Kubernetes object name (DNS-1123 label). */
const k8sName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 name (lowercase letters, digits, "-")')
  .max(63);

/** A resource quantity ("500m", "1", "2Gi"). */
const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/, 'a quantity like "500m", "1", "2Gi"');

const resourceList = z
  .object({
    cpu: quantity.optional().describe('CPU ("500m", "2")'),
    memory: quantity.optional().describe('Memory ("512Mi", "2Gi")'),
  })
  .strict();

const workspaceSchema = z
  .discriminatedUnion('mode', [
    z
      .object({
        mode: z.literal('clone'),
        repoUrl: z
          .string()
          .min(1)
          .optional()
          .describe("The URL the init container clones; default: the session worktree's remote URL"),
        image: z
          .string()
          .min(1)
          .optional()
          .describe('Image of the init container that clones (must hold git); default: the session image'),
      })
      .strict()
      .describe(
        "An init container clones the repository and checks out the session's branch into an emptyDir at the " +
          "worktree's path",
      ),
    z
      .object({
        mode: z.literal('pvc'),
        claimName: k8sName.describe(
          'A PersistentVolumeClaim holding the data dir (ReadWriteMany to share it)',
        ),
        mountPath: z
          .string()
          .startsWith('/')
          .default('/data')
          .describe(
            "Where the claim is mounted: the daemon's data dir, so worktree paths are the same in the pod",
          ),
      })
      .strict()
      .describe("The daemon's data dir from a PVC, mounted at the same path as in the daemon"),
  ])
  .describe('Where the session pod finds its workspace');

/** `runtimes.kubernetes` in ao.config.yaml. */
export const kubernetesConfigSchema = z
  .object({
    namespace: k8sName.default('ao').describe('The namespace session pods are created in'),
    image: z
      .string()
      .min(1)
      .default('ao-agent:latest')
      .describe('The image each session pod runs (the agent CLI)'),
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'),
    kubeconfig: z
      .string()
      .min(1)
      .optional()
      .describe(
        'A kubeconfig file; default: in-cluster config when in a pod, else KUBECONFIG or ~/.kube/config',
      ),
    context: z
      .string()
      .min(1)
      .optional()
      .describe('The kubeconfig context to use; default: its current context'),
    daemonUrl: z
      .string()
      .url()
      .optional()
      .describe(
        'The daemon URL as pods reach it (a Service URL, e.g. http://ao.ao.svc:3000): hooks report home there; ' +
          "default: the daemon's own URL",
      ),
    resources: z
      .object({ requests: resourceList.optional(), limits: resourceList.optional() })
      .strict()
      .default({})
      .describe('Resource requests and limits of the session container'),
    nodeSelector: z
      .record(z.string().min(1), z.string())
      .default({})
      .describe('Node labels a session pod must be scheduled on'),
    apiKeySecret: z
      .object({
        name: k8sName.describe('The Secret'),
        key: z.string().min(1).describe('The key in the Secret'),
        env: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
          .default('ANTHROPIC_API_KEY')
          .describe('The environment variable it is given as'),
      })
      .strict()
      .optional()
      .describe(
        "The agent's API key, from a Secret (env valueFrom secretKeyRef): never written in the Pod spec",
      ),
    serviceAccountName: k8sName.optional().describe('The service account session pods run as'),
    workspace: workspaceSchema.default({ mode: 'clone' }),
    path: z
      .string()
      .default('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
      .describe('PATH inside the session container'),
    startTimeoutSec: z
      .number()
      .int()
      .min(5)
      .max(3600)
      .default(300)
      .describe('How long a pod may stay Pending (scheduling, image pull, clone) before spawn fails'),
    deleteGraceSec: z.number().int().min(0).max(300).default(3).describe('Grace period on kill'),
    defaultCols: z.number().int().min(20).max(1000).default(200),
    defaultRows: z.number().int().min(5).max(1000).default(50),
    replayChars: z
      .number()
      .int()
      .positive()
      .default(256 * 1024),
    scrollback: z.number().int().nonnegative().default(10_000),
  })
  .strict();

export type KubernetesConfig = z.infer<typeof kubernetesConfigSchema>;
