package report

import (
	_ "embed" // for the report schema
)

// JSONSchemaID is the $id of the JSON Schema of the JSON format.
const JSONSchemaID = "https://github.com/samlcheck/samlcheck/checks/report/schema/report-v1.schema.json"

//go:embed schema/report-v1.schema.json
var jsonSchema string

// JSONSchema returns the JSON Schema (draft-07) of what JSON writes, report
// schema version 1 (checks.SchemaVersion): every property of every object
// is described, and no other is allowed. The slice is a copy the caller may
// keep or change.
func JSONSchema() []byte { return []byte(jsonSchema) }
