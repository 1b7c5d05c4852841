import nodemailer from 'nodemailer';
import type { SendEmail } from '../notify/delivery-worker.ts';

/** Email destinations' transport on Node: SMTP through nodemailer, to the operator's server. */
export function createNodeMailer({ url, from }: { url: string; from: string }): SendEmail & { close(): void } {
  // Bounded well inside the outbox's 60 s lease (nodemailer waits up to 10 min by default): a send
  // still running when the lease ends would be sent again by another instance.
  const transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 });
  const send: SendEmail = async ({ to, subject, text, html }) => {
    await transport.sendMail({ from, to, subject, text, html });
  };
  return Object.assign(send, { close: () => transport.close() });
}
