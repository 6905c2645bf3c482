// Lint Cypher statements offline with Neo4j's own Cypher front end (the parser and semantic
// analysis of Neo4j's editors: @neo4j-cypher/language-support), as Cypher 5.
//
// stdin:  {"statements": ["MATCH ...", ...], "schema": {"labels": [...], ...}}
// stdout: [{"index": 0, "diagnostics": [{"severity": 1, "message": "...", "offset": 12}]}, ...]
//         severity 1 is an error, 2 a warning. Exit code 2 when the input cannot be read.
//
// Used by tests/test_cypher_lint.py; install with `npm ci` at the repo root.
import { lintCypherQuery } from '@neo4j-cypher/language-support';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
let input;
try {
  input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
} catch (error) {
  process.stderr.write(`lint_cypher: stdin is not JSON: ${error.message}\n`);
  process.exit(2);
}

const schema = { defaultLanguage: 'CYPHER 5', ...(input.schema ?? {}) };
const results = input.statements.map((statement, index) => ({
  index,
  diagnostics: lintCypherQuery(statement, schema).diagnostics.map((d) => ({
    severity: d.severity,
    message: d.message,
    offset: d.offsets?.start ?? null,
  })),
}));
process.stdout.write(JSON.stringify(results) + '\n');
