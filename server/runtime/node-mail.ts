import nodemailer from 'nodemailer';
import type { SendEmail } from '../notify/delivery-worker.ts';

/** Email destinations' transport on Node: SMTP through nodemailer, to the operator's server. */
export function createNodeMailer({ url, from }: { url: string; from: string }): SendEmail & { close(): void } {
  const transport = nodemailer.createTransport(url);
  const send: SendEmail = async ({ to, subject, text, html }) => {
    await transport.sendMail({ from, to, subject, text, html });
  };
  return Object.assign(send, { close: () => transport.close() });
}
