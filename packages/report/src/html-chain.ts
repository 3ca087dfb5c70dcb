import type { AttestationEvidence, VerifyReport, WorkloadReport } from '@trailmark/core';
import { locationText } from './format.js';
import { html, link, type HtmlValue, type SafeHtml } from './html-escape.js';

// The four steps of a workload's trail: source → build → attestation → running.

type Evidence = Omit<AttestationEvidence, 'predicate'>;

/** The source → build → attestation → running grid of one workload. */
export function chain(report: VerifyReport, workload: WorkloadReport): SafeHtml {
  const evidence = evidenceOf(report, workload);
  return html`<div class="chain">
    ${step('1 Source', sourceFacts(workload))} ${step('2 Build', buildFacts(workload, evidence))}
    ${step('3 Attestation', attestationFacts(workload, evidence))}
    ${step('4 Running', runningFacts(workload), 'running')}
  </div>`;
}

function step(title: string, body: SafeHtml, kind = ''): SafeHtml {
  return html`<section class="step ${kind}">
    <h3>${title}</h3>
    ${body}
  </section>`;
}

function facts(rows: [string, HtmlValue][]): SafeHtml {
  const shown = rows.filter(([, value]) => value !== undefined && value !== '');
  if (shown.length === 0) return html`<p class="none">nothing known</p>`;
  return html`<dl>
    ${shown.map(
      ([term, value]) =>
        html`<dt>${term}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}

function sourceFacts(workload: WorkloadReport): SafeHtml {
  const origin = workload.origin;
  if (origin === undefined) return html`<p class="none">no origin record and no annotations</p>`;
  const at = locationText(origin.source);
  const introducer = origin.introducer;
  return facts([
    [
      'status',
      html`<span class="${origin.verified ? 'verified' : 'claimed'}"
        >${origin.verified ? 'verified (signed record)' : 'claimed by annotations only'}</span
      >`,
    ],
    [
      'file',
      at === undefined ? undefined : html`<span class="mono">${link(at, origin.sourceUrl)}</span>`,
    ],
    [
      'repository',
      origin.repository === undefined ? undefined : link(origin.repository, origin.repository),
    ],
    ['commit', origin.commit === undefined ? undefined : html`<code>${origin.commit}</code>`],
    ['chart', origin.chart],
    ['environment', origin.environment],
    ['owners', origin.owners.length === 0 ? 'none' : origin.owners.join(', ')],
    [
      'introducer',
      introducer === undefined
        ? undefined
        : `${introducer.name ?? 'unknown'}${introducer.email === undefined ? '' : ` <${introducer.email}>`} (${introducer.via}${introducer.date === undefined ? '' : `, ${introducer.date}`})`,
    ],
    ['approvers', origin.approvers.length === 0 ? 'none recorded' : origin.approvers.join(', ')],
    [
      'operator',
      origin.operator === undefined
        ? undefined
        : `${origin.operator.id}${origin.operator.workflowRef === undefined ? '' : ` via ${origin.operator.workflowRef}`}`,
    ],
  ]);
}

function buildFacts(workload: WorkloadReport, evidence: Evidence[]): SafeHtml {
  const signer = evidence.find((e) => e.verified && e.signer !== undefined)?.signer;
  const run = workload.origin?.build ?? signer?.runInvocationUri;
  return facts([
    ['run', run === undefined ? undefined : link(run, run)],
    ['builder', signer?.buildSignerUri],
    ['source', signer?.sourceRepository],
    ['ref', signer?.sourceRef],
    [
      'digest',
      signer?.sourceDigest === undefined ? undefined : html`<code>${signer.sourceDigest}</code>`,
    ],
  ]);
}

function attestationFacts(workload: WorkloadReport, evidence: Evidence[]): SafeHtml {
  if (evidence.length === 0)
    return html`<p class="none">no bundle names this workload or its images</p>`;
  return html`${evidence.map(
    (e) =>
      html`<dl class="bundle">
        <dt>bundle</dt>
        <dd>
          <code>${e.id}</code>${e.id === workload.origin?.attestation ? ' (origin record)' : ''}
        </dd>
        <dt>result</dt>
        <dd class="${e.verified ? 'verified' : 'fail'}">
          ${e.verified ? 'verified' : `rejected: ${e.rejection ?? 'unknown'}${e.reason === undefined ? '' : ` (${e.reason})`}`}
        </dd>
        ${
          e.signer?.subjectAlternativeName === undefined
            ? ''
            : html`<dt>signer</dt>
                <dd>${e.signer.subjectAlternativeName}</dd>`
        }
        ${
          e.signer?.issuer === undefined
            ? ''
            : html`<dt>issuer</dt>
                <dd>${e.signer.issuer}</dd>`
        }
        ${
          e.identity === undefined
            ? ''
            : html`<dt>trusted as</dt>
                <dd>${e.identity}</dd>`
        }
        ${
          e.predicateType === undefined
            ? ''
            : html`<dt>predicate</dt>
                <dd>${e.predicateType}</dd>`
        }
        <dt>found in</dt>
        <dd>${e.sources.map((s) => `${s.kind}: ${s.location}`).join('; ')}</dd>
      </dl>`,
  )}`;
}

function runningFacts(workload: WorkloadReport): SafeHtml {
  if (workload.containers.length === 0) return html`<p class="none">no running pods</p>`;
  return html`<table>
    <thead>
      <tr>
        <th>pod / container</th>
        <th>image and running digest</th>
        <th>attested</th>
      </tr>
    </thead>
    <tbody>
      ${workload.containers.map(
        (c) =>
          html`<tr>
            <td class="mono">${c.pod}/${c.name}${c.type === 'container' ? '' : ` (${c.type})`}</td>
            <td class="mono">
              ${c.image}${c.digest === undefined ? html`<br /><span class="fail">digest unknown</span>` : html`<br />${c.digest}`}${c.matchedDigest === undefined ? '' : html`<br />via index ${c.matchedDigest}`}
            </td>
            <td class="${c.attestations.length > 0 ? 'verified' : 'fail'}">
              ${c.attestations.length > 0 ? `yes (${c.attestations.length})` : 'no'}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

// The bundles that concern this workload: its origin record's and its containers', in report order.
function evidenceOf(report: VerifyReport, workload: WorkloadReport): Evidence[] {
  const ids = new Set([
    ...(workload.origin?.attestation === undefined ? [] : [workload.origin.attestation]),
    ...workload.containers.flatMap((c) => c.attestations),
  ]);
  const digests = new Set(workload.containers.flatMap((c) => [c.digest, c.matchedDigest]));
  return report.attestations.filter(
    (e) => ids.has(e.id) || (!e.verified && e.subjects.some((s) => digests.has(s.digest))),
  );
}
