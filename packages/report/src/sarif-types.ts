// The subset of SARIF 2.1.0 (OASIS, `sarif-schema-2.1.0.json`) that trailmark writes.

/** `result.level` / `defaultConfiguration.level`. */
export type SarifLevel = 'error' | 'warning' | 'note';

/** A `message` or `multiformatMessageString`. */
export interface SarifText {
  text: string;
}

/** `location`: a file and line, and the workload as a logical location. */
export interface SarifLocation {
  physicalLocation?: {
    artifactLocation: { uri: string };
    region: { startLine: number };
  };
  logicalLocations: { name: string; fullyQualifiedName: string; kind: string }[];
}

/** `reportingDescriptor`: one rule per finding code. */
export interface SarifRule {
  id: string;
  name: string;
  shortDescription: SarifText;
  fullDescription: SarifText;
  helpUri: string;
  help: SarifText;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[] };
}

/** `result`: one per finding. */
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifText;
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
  properties: Record<string, string | boolean>;
}

/** The whole log: one run of the `trailmark` driver. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: 'trailmark';
          version: string;
          informationUri: string;
          rules: SarifRule[];
        };
      };
      results: SarifResult[];
      properties: Record<string, string | number>;
    },
  ];
}
