import { solveIntakeProof } from '@casepath/core';
import { IntakeInfo, queue, queued, rememberedInfo, rememberInfo, unqueue, type QueuedFirstContact } from './sealed-outbox.js';

const base = (server: string) => server.replace(/\/+$/, '');
const infoKey = (server: string, provider: string) => `${base(server)}|${provider}`;

/**
 * The provider's name, key and form: from the server when it answers (and remembered), else as
 * remembered from the last visit, else null.
 */
export async function intakeInfo(organisation: string, server: string, provider: string): Promise<{ info: IntakeInfo | null; fresh: boolean }> {
  try {
    const res = await fetch(`${base(server)}/api/public/intake/${encodeURIComponent(provider)}`, { credentials: 'omit', headers: { accept: 'application/json' } });
    if (res.ok) {
      const parsed = IntakeInfo.safeParse(await res.json());
      if (parsed.success) {
        await rememberInfo(organisation, infoKey(server, provider), parsed.data);
        return { info: parsed.data, fresh: true };
      }
    }
  } catch {
    // offline: what was remembered below
  }
  return { info: await rememberedInfo(organisation, infoKey(server, provider)), fresh: false };
}

export type SendResult = { status: 'sent' } | { status: 'later' } | { status: 'refused'; reason: string };

async function post(server: string, item: QueuedFirstContact, difficulty: number): Promise<Response> {
  const proof = await solveIntakeProof(item.id, difficulty);
  return fetch(`${base(server)}/api/public/intake`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ sealed: item.sealed, proof }),
  });
}

/**
 * Sends one sealed message. The server stores each id once, so sending again after a lost answer
 * duplicates nothing. Offline, a busy server or a rate limit: later. A refusal: kept, with why.
 */
export async function send(organisation: string, item: QueuedFirstContact): Promise<SendResult> {
  const remembered = await rememberedInfo(organisation, infoKey(item.server, item.sealed.to));
  let res: Response;
  try {
    res = await post(item.server, item, remembered?.difficulty ?? 16);
    if (res.status === 400 && ((await res.clone().json().catch(() => null)) as { error?: string } | null)?.error === 'proof-of-work') {
      // The organisation asks for more work now than when the page was last loaded.
      const { info } = await intakeInfo(organisation, item.server, item.sealed.to);
      if (info) res = await post(item.server, item, info.difficulty);
    }
  } catch {
    return { status: 'later' };
  }
  if (res.ok) {
    await unqueue(organisation, item.id);
    return { status: 'sent' };
  }
  if (res.status === 429 || res.status >= 500) return { status: 'later' };
  const body = (await res.json().catch(() => null)) as { message?: unknown } | null;
  const reason = typeof body?.message === 'string' ? body.message : `${res.status} ${res.statusText}`;
  await queue(organisation, { ...item, refused: reason });
  return { status: 'refused', reason };
}

/**
 * Sends everything waiting, one tab at a time (Web Locks where the browser has them), and says
 * which were sent.
 */
export async function flush(organisation: string): Promise<string[]> {
  const run = async () => {
    const sent: string[] = [];
    for (const item of await queued(organisation)) {
      if (item.refused) continue;
      if ((await send(organisation, item)).status === 'sent') sent.push(item.id);
    }
    return sent;
  };
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request(`casepath-first-contact:${organisation}`, run) : run();
}
