import type { Finding, VerifyReport } from '@trailmark/core';
import { html, type SafeHtml } from './html-escape.js';

/** Every bundle the run considered: id, result, signer, predicate, where it was found. */
export function attestationsTable(report: VerifyReport): SafeHtml {
  if (report.attestations.length === 0)
    return html`<section id="attestations">
      <h2>Attestations</h2>
      <p>No bundles were found.</p>
    </section>`;
  return html`<section id="attestations">
    <h2>Attestations</h2>
    <table>
      <thead>
        <tr>
          <th>bundle</th>
          <th>result</th>
          <th>signer</th>
          <th>predicate</th>
          <th>subjects</th>
          <th>found in</th>
        </tr>
      </thead>
      <tbody>
        ${report.attestations.map(
          (e) =>
            html`<tr>
              <td class="mono">${e.id}</td>
              <td class="${e.verified ? 'verified' : 'fail'}">
                ${e.verified ? 'verified' : `rejected: ${e.rejection ?? 'unknown'}`}${e.reason === undefined ? '' : ` (${e.reason})`}
              </td>
              <td>
                ${e.signer?.subjectAlternativeName ?? e.signer?.publicKeyHint ?? ''}${e.signer?.issuer === undefined ? '' : html`<br />${e.signer.issuer}`}
              </td>
              <td>${e.predicateType ?? ''}</td>
              <td class="mono">
                ${e.subjects.map((s, i) => html`${i > 0 ? html`<br />` : ''}${s.name}@${s.digest}`)}
              </td>
              <td>
                ${e.sources.map((s, i) => html`${i > 0 ? html`<br />` : ''}${s.kind}: ${s.location}`)}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;
}

/** A finding's structured details (`manager`, `fields`, `expected`, …) as a small list. */
export function findingDetails(finding: Finding): SafeHtml {
  const entries = Object.entries(finding.details ?? {});
  if (entries.length === 0) return html``;
  return html`<dl class="details">
    ${entries.map(
      ([key, value]) =>
        html`<dt>${key}</dt>
          <dd>${typeof value === 'string' ? value : value.join(', ')}</dd>`,
    )}
  </dl>`;
}
