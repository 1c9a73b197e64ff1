// Email over SMTP with nodemailer: one connection per notification (notifications are rare and
// a pool would hold connections that servers close anyway). The notification id is the
// Message-ID and the X-Kubewatch-Notification-Id header, so retries can be recognised.

import nodemailer from 'nodemailer';
import { z } from 'zod';
import { pemCertificate } from '../../clusters/connection-schema';
import type { DeliveryResult, Notification } from '../types';
import type { ChannelType, RenderContext, RenderedRequest, SendContext } from './channel';
import { groupToSend, messageTemplateSettings, NOTHING_TO_SEND, renderMessageTemplates, sendResolvedSetting, templateFailure } from './common-settings';
import { emailContent } from './email-message';
import { snippet } from './http-delivery';
import { smtpFailure } from './smtp-errors';

/** "ops@example.com" or "Kubewatch <ops@example.com>". */
const ADDRESS = /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;
const address = z.string().max(320).regex(ADDRESS, { error: 'expected an email address (name@example.com or Name <name@example.com>)' });

export const emailConfigSchema = z.strictObject({
  host: z.string().min(1).max(253),
  /** Default 587 for starttls, 465 for tls, 25 for none. */
  port: z.number().int().min(1).max(65_535).optional(),
  /** starttls: upgrade a plain connection; tls: TLS from the start (SMTPS); none: never encrypt. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  /** With starttls: fail when the server does not offer STARTTLS instead of sending in clear text. */
  requireTls: z.boolean().default(true),
  auth: z.strictObject({ username: z.string().min(1).max(256), password: z.string().min(1).max(1024) }).optional(),
  tls: z
    .strictObject({
      caCert: pemCertificate.optional(),
      insecureSkipVerify: z.boolean().default(false),
      /** Name to verify the certificate against when `host` is an IP address or an alias. */
      serverName: z.string().min(1).max(253).optional(),
    })
    .default({ insecureSkipVerify: false }),
  from: address,
  to: z.array(address).min(1).max(100),
  cc: z.array(address).max(100).optional(),
  ...sendResolvedSetting,
  // title → Subject; text → an introduction above the table of alerts.
  ...messageTemplateSettings,
});

export type EmailConfig = z.output<typeof emailConfigSchema>;

const DEFAULT_PORTS = { starttls: 587, tls: 465, none: 25 } as const;
export const NOTIFICATION_ID_HEADER = 'X-Kubewatch-Notification-Id';

/** A Message-ID (RFC 5322 msg-id) carrying the notification id: characters outside [A-Za-z0-9_-] are written =XX. */
export function emailMessageId(notificationId: string, from: string): string {
  const left = Buffer.from(notificationId, 'utf8')
    .toString('latin1')
    .replace(/[^A-Za-z0-9_-]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const domain = /@([A-Za-z0-9.-]+)>?$/.exec(from.trim())?.[1] ?? 'kubewatch.invalid';
  return `<kubewatch.${left}@${domain}>`;
}

async function buildMail(config: EmailConfig, notification: Notification, group: Notification['group'], context: RenderContext) {
  const templates = await renderMessageTemplates(config, group, context);
  const content = emailContent(group, templates);
  return {
    from: config.from,
    to: config.to,
    ...(config.cc?.length ? { cc: config.cc } : {}),
    subject: content.subject,
    text: content.text,
    html: content.html,
    date: context.now,
    messageId: emailMessageId(notification.id, config.from),
    headers: {
      [NOTIFICATION_ID_HEADER]: notification.id.replace(/[\r\n]/g, ' '),
      // RFC 3834: keeps vacation responders from answering.
      'Auto-Submitted': 'auto-generated',
    },
  };
}

function createTransport(config: EmailConfig) {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port ?? DEFAULT_PORTS[config.security],
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls' && config.requireTls,
    ignoreTLS: config.security === 'none',
    ...(config.auth ? { auth: { user: config.auth.username, pass: config.auth.password } } : {}),
    tls: {
      ...(config.tls.caCert ? { ca: config.tls.caCert } : {}),
      rejectUnauthorized: !config.tls.insecureSkipVerify,
      ...(config.tls.serverName ? { servername: config.tls.serverName } : {}),
    },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

async function sendMail(config: EmailConfig, mail: Awaited<ReturnType<typeof buildMail>>, context: SendContext): Promise<DeliveryResult> {
  const transport = createTransport(config);
  try {
    const info = await transport.sendMail({ ...mail, signal: context.signal });
    const status = Number.parseInt(info.response, 10);
    const rejected = info.rejected.length ? `; rejected: ${info.rejected.join(', ')}` : '';
    return { ...(Number.isFinite(status) ? { status } : {}), responseSnippet: snippet(`${info.response}${rejected}`) };
  } catch (error) {
    throw smtpFailure(error, {
      host: config.host,
      tlsName: config.tls.serverName ?? config.host,
      hasCa: Boolean(config.tls.caCert),
      secrets: config.auth ? [config.auth.password] : [],
      signal: context.signal,
    });
  } finally {
    transport.close();
  }
}

export const emailChannel: ChannelType<EmailConfig> = {
  type: 'email',
  title: 'Email',
  configSchema: emailConfigSchema,
  secretPaths: ['auth.password'],

  async send(config, notification, context) {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return NOTHING_TO_SEND;
    const mail = await buildMail(config, notification, group, context).catch(templateFailure);
    return sendMail(config, mail, context);
  },

  async render(config, notification, context): Promise<RenderedRequest[]> {
    const group = groupToSend(notification.group, config.sendResolved);
    if (!group) return [];
    const mail = await buildMail(config, notification, group, context);
    const port = config.port ?? DEFAULT_PORTS[config.security];
    return [
      {
        target: `SMTP ${config.host}:${port} (${config.security})`,
        headers: { 'Message-ID': mail.messageId, ...mail.headers },
        body: { from: mail.from, to: mail.to, cc: mail.cc ?? [], subject: mail.subject, text: mail.text, html: mail.html },
      },
    ];
  },
};
