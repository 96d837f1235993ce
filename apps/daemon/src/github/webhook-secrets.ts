import { join } from 'node:path';
import type { ProjectService } from '../projects/project-service';
import { resolveWebhookSecret } from '../webhooks';

/** The secrets a delivery may be signed with: the daemon's own (generated once, 0600) and any a project configures. */
export class WebhookSecrets {
  private own: string | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly projects: ProjectService,
  ) {}

  all(): string[] {
    this.own ??= resolveWebhookSecret(undefined, join(this.dataDir, 'webhook-secret'));
    const configured = this.projects
      .loadedAll()
      .flatMap((p) => (p.config.github.webhookSecret ? [p.config.github.webhookSecret] : []));
    return [...new Set([this.own, ...configured])];
  }
}
