export { makeSession } from '@ao/shared/session-fixture';
