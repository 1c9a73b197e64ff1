// A real SMTP server (smtp-server) on 127.0.0.1 for notification tests: optional STARTTLS with a
// given certificate, optional AUTH with one user, and every accepted message kept raw.
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as transmitted (headers and body), for postal-mime. */
  raw: Buffer;
  /** The session was TLS (STARTTLS) when the message came. */
  secure: boolean;
  /** The authenticated user, if any. */
  user?: string;
}

export interface SmtpReceiverOptions {
  /** Offer STARTTLS with this key and certificate; without it STARTTLS is not offered. */
  tls?: { key: string; cert: string };
  /** With `tls`: speak TLS from the first byte (SMTPS, port 465 style) instead of STARTTLS. */
  implicitTls?: boolean;
  /** Require AUTH with these credentials. */
  user?: { username: string; password: string };
  /** Reject RCPT TO with this SMTP reply code (e.g. 451 or 550). */
  rejectRecipientsWith?: number;
}

export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: Boolean(options.tls && options.implicitTls),
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    disabledCommands: [...(options.tls ? [] : ['STARTTLS']), ...(options.user ? [] : ['AUTH'])],
    authOptional: !options.user,
    // Without TLS, AUTH must be allowed in clear text (loopback only).
    allowInsecureAuth: !options.tls,
    logger: false,
    onAuth(auth, _session, callback) {
      const u = options.user;
      if (u && auth.username === u.username && auth.password === u.password) callback(null, { user: auth.username });
      else callback(new Error('Authentication credentials invalid'));
    },
    onRcptTo(_address: SMTPServerAddress, _session, callback) {
      if (!options.rejectRecipientsWith) return callback();
      const error = new Error(`recipient refused (${options.rejectRecipientsWith})`) as Error & { responseCode: number };
      error.responseCode = options.rejectRecipientsWith;
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
          secure: session.secure,
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('smtp receiver has no port');
  return {
    port: address.port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
