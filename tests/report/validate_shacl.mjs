// validate_shacl.mjs - SHACL validation of a dftriage CASE/UCO JSON-LD export against the CASE 1.4.0
// ontology, offline: node validate_shacl.mjs EXPORT.jsonld ONTOLOGY.ttl...
// The ontology goes into the data graph too (as CASE's own case_validate does), so sh:class finds
// subclasses (uco-observable:File is an ObservableObject) through rdfs:subClassOf.
// Exit 0 when the export conforms; 1 with every violation printed otherwise; 2 on usage or parse errors.
import fs from 'node:fs';
import jsonld from 'jsonld';
import N3 from 'n3';
import datasetFactory from '@rdfjs/dataset';
import SHACLValidator from 'rdf-validate-shacl';

const [exportFile, ...ttls] = process.argv.slice(2);
if (!exportFile || !ttls.length) {
  console.error('usage: node validate_shacl.mjs EXPORT.jsonld ONTOLOGY.ttl...');
  process.exit(2);
}

function parseTurtle(text, dataset) {
  for (const q of new N3.Parser().parse(text)) dataset.add(q);
}

const ontology = datasetFactory.dataset();
for (const t of ttls) parseTurtle(fs.readFileSync(t, 'utf8'), ontology);
// rdf-validate-shacl has no SHACL-SPARQL: the few sh:sparql constraints of the ontology are left out
// (and counted), every SHACL-Core constraint is checked.
const SPARQL = 'http://www.w3.org/ns/shacl#sparql';
const shapes = datasetFactory.dataset();
let skipped = 0;
for (const q of ontology) {
  if (q.predicate.value === SPARQL) skipped++;
  else shapes.add(q);
}

const doc = JSON.parse(fs.readFileSync(exportFile, 'utf8'));
// no remote contexts: the export must be self-contained
const documentLoader = async (url) => { throw new Error('remote document refused (offline): ' + url); };
const nquads = await jsonld.toRDF(doc, { format: 'application/n-quads', documentLoader, safe: true });
const data = datasetFactory.dataset();
for (const q of new N3.Parser({ format: 'N-Quads' }).parse(nquads)) data.add(q);
const triples = data.size;
for (const q of ontology) data.add(q);

// the ontology files are all loaded already: owl:imports resolve to nothing more
const validator = new SHACLValidator(shapes, { importGraph: async () => datasetFactory.dataset() });
const report = await validator.validate(data);
let violations = 0;
for (const r of report.results) {
  const sev = r.severity ? r.severity.value.replace(/.*#/, '') : '?';
  if (sev === 'Violation') violations++;
  console.log(`${sev}: ${r.focusNode && r.focusNode.value} ${r.path ? r.path.value : ''}: ` +
    `${r.message.map((m) => m.value).join('; ')} (${r.sourceConstraintComponent && r.sourceConstraintComponent.value.replace(/.*#/, '')})`);
}
console.log(`SHACL-SPARQL constraints not checked: ${skipped}`);
console.log(`export triples: ${triples}; conforms: ${report.conforms}; violations: ${violations}; results: ${report.results.length}`);
process.exit(report.conforms ? 0 : 1);
