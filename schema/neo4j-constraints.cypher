// Generated from schema.toml by kg.store.neo4j_schema (python -m kg.store.neo4j_schema): do not edit.
// Run once on a new database, e.g. after `neo4j-admin database import`:
//   cypher-shell -u neo4j -p PASSWORD -f neo4j-constraints.cypher

CREATE CONSTRAINT kg_paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kg_method_key IF NOT EXISTS FOR (n:Method) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT kg_task_key IF NOT EXISTS FOR (n:Task) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT kg_dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT kg_metric_key IF NOT EXISTS FOR (n:Metric) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT kg_concept_key IF NOT EXISTS FOR (n:Concept) REQUIRE n.key IS UNIQUE;
CREATE FULLTEXT INDEX kg_names IF NOT EXISTS FOR (n:Method|Task|Dataset|Metric|Concept) ON EACH [n.name, n.aliases];
