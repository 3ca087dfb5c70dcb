// The alert stream of bench/serve: falcosidekick posts and Alertmanager webhook v4 payloads, as
// the producers send them (the shapes of bench/lib/trace-alerts.mjs, aimed at the pods of the
// bench cluster), one alert per request, each with its own producer id (falcosidekick's uuid,
// Alertmanager's fingerprint) so that none is a duplicate of another. Three falcosidekick posts
// to one Alertmanager payload. Bodies come from templates: the id is spliced into the JSON text.
import { buildAlertFiles } from './trace-alerts.mjs';

const MARK = '@@ID@@';

/** `next()` → `{ body, format }` for the i-th alert of the stream; distinct for every call. */
export function alertStream(fleet) {
  const files = buildAlertFiles(fleet, 4000);
  const lines = (name) =>
    files
      .find((file) => file.file === name)
      .text.split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
  const sidekick = lines('falcosidekick.jsonl').map((event) =>
    JSON.stringify({ ...event, uuid: MARK }).split(JSON.stringify(MARK)),
  );
  const alertmanager = lines('alertmanager.jsonl').flatMap((payload) =>
    payload.alerts.map((alert) =>
      JSON.stringify({ ...payload, alerts: [{ ...alert, fingerprint: MARK }] }).split(
        JSON.stringify(MARK),
      ),
    ),
  );
  let i = 0;
  return () => {
    const n = i++;
    if (n % 4 === 3) {
      const [head, tail] = alertmanager[(n >> 2) % alertmanager.length];
      return {
        format: 'alertmanager',
        body: `${head}"${n.toString(16).padStart(16, '0')}"${tail}`,
      };
    }
    const [head, tail] = sidekick[n % sidekick.length];
    const uuid = `0b5e7a11-7e57-4000-8000-${n.toString(16).padStart(12, '0')}`;
    return { format: 'falcosidekick', body: `${head}"${uuid}"${tail}` };
  };
}
