// The shapes the notification side passes around: what a channel sends (an Alertmanager-style
// group of alerts, webhook payload version "4") and how a send ends.

export type Labels = Record<string, string>;

/** One alert in a notification, as Alertmanager's webhook payload has it. */
export interface NotificationAlert {
  status: 'firing' | 'resolved';
  labels: Labels;
  annotations: Labels;
  /** RFC 3339 with Z. */
  startsAt: string;
  /** RFC 3339 with Z; Alertmanager writes 0001-01-01T00:00:00Z while firing. */
  endsAt: string | null;
  generatorURL: string;
  /** 16 hex digits. */
  fingerprint: string;
  /** Who acknowledged it, if anyone (our extension; absent in Alertmanager). */
  acknowledgement?: { by: string; at: string; comment?: string };
}

/** One notification: a group of alerts for one receiver (channel), like one Alertmanager webhook call. */
export interface NotificationGroup {
  /** Stable id of the aggregation group (route + group labels). */
  groupKey: string;
  /** The channel's name. */
  receiver: string;
  /** firing when any alert in it fires. */
  status: 'firing' | 'resolved';
  groupLabels: Labels;
  commonLabels: Labels;
  commonAnnotations: Labels;
  /** Link back to Kubewatch (PUBLIC_URL). */
  externalURL: string;
  alerts: NotificationAlert[];
  /** Alerts left out because of a channel's max_alerts. */
  truncatedAlerts: number;
}

/** What a channel is asked to deliver. */
export interface Notification {
  /** Idempotency key: the same for every retry of this notification; sent where the protocol allows. */
  id: string;
  group: NotificationGroup;
}

/** A delivery that failed; `retryable` says whether trying again can help (network, 429, 5xx). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly details: { status?: number; responseSnippet?: string; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** A successful delivery: the receiver's status code (for the delivery log). */
export interface DeliveryResult {
  status?: number;
  /** e.g. the SMTP server's answer or a response body, shortened. */
  responseSnippet?: string;
}
