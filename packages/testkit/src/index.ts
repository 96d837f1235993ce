/**
 * @ao/testkit: the one harness of ao's daemon tests, the dashboard's end-to-end tests and the benchmarks.
 * vitest and Playwright import this source; `bench/` runs the bundle (dist/testkit.mjs, `npm run build -w @ao/testkit`).
 */

export { calibrateBootClock, processStartPerfMs } from './bench/clock';
export { readHookSecrets, withDb } from './bench/db';
export { countChildProcesses, parseTrace } from './bench/forks';
export {
  addBenchPull,
  type GithubBench,
  type LoggedRequest,
  REPO,
  requestLog,
  routeOf,
  sessionsWithPrs,
  setCheck,
  startBenchFakeGitHub,
  startGithubBench,
  stopGithubBench,
} from './bench/github';
export {
  type BuildInfo,
  buildInfo,
  type MachineInfo,
  machineInfo,
  printMachine,
  warnIfRebuilt,
} from './bench/machine';
export {
  CLK_TCK,
  childPids,
  commOf,
  cpuTicks,
  memoryKiB,
  startedAtBootSeconds,
  ticksToMs,
  uptimeSeconds,
} from './bench/proc';
export { formatWindow, sampleWindow, type Window } from './bench/sample';
export { type ListedSession, spawnMany, statusCounts } from './bench/spawn';
export { formatSummary, goal, percentile, round, type Summary, summarize } from './bench/stats';
export {
  AO_BIN,
  AO_DIST,
  checkBuilt,
  cleanup,
  type DaemonProcess,
  killTmuxServer,
  type LaunchOptions,
  launchDaemon,
  listPanes,
  makeDataDir,
  startDaemon,
  tmux,
} from './daemon-process';
export {
  type AoEvent,
  type EventHub,
  type HubEvent,
  lastEventId,
  openEventHub,
  readEvents,
} from './event-hub';
export * from './fake-chat';
export {
  COMPOSIO_TOOLKITS,
  type ComposioExecution,
  type FakeComposio,
  startFakeComposio,
} from './fake-composio';
export * from './fake-github/server';
export {
  type FakeKubeRequest,
  type FakeKubernetes,
  type FakePod,
  startFakeKubernetes,
} from './fake-kubernetes/server';
export {
  adfText,
  type FakeJira,
  type FakeJiraIssue,
  JIRA_ME,
  startFakeJira,
} from './fake-trackers/fake-jira';
export {
  type FakeLinear,
  type FakeLinearIssue,
  LINEAR_VIEWER,
  startFakeLinear,
} from './fake-trackers/fake-linear';
export type { HttpFake, TrackerRequest } from './fake-trackers/http-fake';
export type { JiraQuery } from './fake-trackers/jira-jql';
export { GIT_ENV, type GitFixture, git, makeGitFixture } from './git';
export { type ApiFn, type ApiOptions, type ApiReply, apiClient, freePort } from './http';
export { type NpmRegistry, startNpmRegistry } from './npm-registry';
export {
  codexConfigToml,
  type MockScript,
  type MockTurn,
  type MockUsage,
  type OpenAiRequest,
  type OpenAiResponsesMock,
  type OpenAiResponsesMockOptions,
  startOpenAiResponsesMock,
} from './openai-responses';
export {
  ensureBusyboxImage,
  PODMAN_FLAGS,
  type PodmanService,
  podmanAvailable,
  startPodmanService,
} from './podman';
export {
  idleGenericAgent,
  makeProject,
  type ProjectConfig,
  type ProjectFixture,
  type ProjectOptions,
  READ_MESSAGES,
  readMessages,
} from './project';
export * from './scripted-claude';
export { openSse, type SseMessage, type SseStream } from './sse';
export { FatalWaitError, mapLimit, sleep, waitFor } from './wait';
export {
  checkRunPayload,
  type Delivery,
  deliver,
  example,
  forRepo,
  type Payload,
  type PrRef,
  pullRequestPayload,
  reviewCommentPayload,
  reviewPayload,
  sign,
  signedDelivery,
} from './webhooks';
