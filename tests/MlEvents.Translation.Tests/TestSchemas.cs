using Avro;
using Avro.Generic;

namespace MlEvents.Translation.Tests;

internal static class TestSchemas
{
    public const string V1 = """
        {"type":"record","name":"TrainingEvent","namespace":"ml.events","fields":[
          {"name":"id","type":"string"},
          {"name":"ts","type":"long"}]}
        """;

    /// <summary>V1 plus two optional fields (backward and forward compatible).</summary>
    public const string V2 = """
        {"type":"record","name":"TrainingEvent","namespace":"ml.events","fields":[
          {"name":"id","type":"string"},
          {"name":"ts","type":"long"},
          {"name":"note","type":["null","string"],"default":null},
          {"name":"attempt","type":"int","default":1}]}
        """;

    public const string Other = """
        {"type":"record","name":"JobFinished","namespace":"ml.events","fields":[{"name":"job","type":"string"}]}
        """;

    public static RecordSchema Parse(string json) => (RecordSchema)Avro.Schema.Parse(json);

    public static GenericRecord V1Record(string id = "run-1", long ts = 42)
    {
        var r = new GenericRecord(Parse(V1));
        r.Add("id", id);
        r.Add("ts", ts);
        return r;
    }

    public static GenericRecord V2Record(string id, long ts, string? note, int attempt)
    {
        var r = new GenericRecord(Parse(V2));
        r.Add("id", id);
        r.Add("ts", ts);
        r.Add("note", note);
        r.Add("attempt", attempt);
        return r;
    }

    /// <summary>Shaped like DataHub's MCP schema as GMS serves it (newer: headers, SystemMetadata.version).</summary>
    public const string GmsMcp = """
        {"type":"record","name":"MetadataChangeProposal","namespace":"com.linkedin.pegasus2avro.mxe","fields":[
          {"name":"auditHeader","type":["null",{"type":"record","name":"KafkaAuditHeader","namespace":"com.linkedin.events","fields":[
              {"name":"time","type":"long"},{"name":"server","type":"string"}]}],"default":null},
          {"name":"entityType","type":"string"},
          {"name":"entityUrn","type":["null","string"],"default":null},
          {"name":"changeType","type":{"type":"enum","name":"ChangeType","namespace":"com.linkedin.pegasus2avro.events.metadata","symbols":["UPSERT","CREATE","UPDATE","DELETE","PATCH","RESTATE","CREATE_ENTITY"]}},
          {"name":"aspectName","type":["null","string"],"default":null},
          {"name":"aspect","type":["null",{"type":"record","name":"GenericAspect","fields":[
              {"name":"value","type":"bytes"},{"name":"contentType","type":"string"}]}],"default":null},
          {"name":"systemMetadata","type":["null",{"type":"record","name":"SystemMetadata","fields":[
              {"name":"lastObserved","type":["long","null"],"default":0},
              {"name":"runId","type":["string","null"],"default":"no-run-id-provided"},
              {"name":"properties","type":["null",{"type":"map","values":"string"}],"default":null},
              {"name":"version","type":["null","string"],"default":null}]}],"default":null},
          {"name":"headers","type":["null",{"type":"map","values":"string"}],"default":null}]}
        """;

    /// <summary>The older, shipped shape: no headers, no SystemMetadata.version/properties, fewer enum symbols.</summary>
    public const string LocalMcp = """
        {"type":"record","name":"MetadataChangeProposal","namespace":"com.linkedin.pegasus2avro.mxe","fields":[
          {"name":"auditHeader","type":["null",{"type":"record","name":"KafkaAuditHeader","namespace":"com.linkedin.events","fields":[
              {"name":"time","type":"long"},{"name":"server","type":"string"}]}],"default":null},
          {"name":"entityType","type":"string"},
          {"name":"entityUrn","type":["null","string"],"default":null},
          {"name":"changeType","type":{"type":"enum","name":"ChangeType","namespace":"com.linkedin.pegasus2avro.events.metadata","symbols":["UPSERT","CREATE","UPDATE","DELETE","PATCH"]}},
          {"name":"aspectName","type":["null","string"],"default":null},
          {"name":"aspect","type":["null",{"type":"record","name":"GenericAspect","fields":[
              {"name":"value","type":"bytes"},{"name":"contentType","type":"string"}]}],"default":null},
          {"name":"systemMetadata","type":["null",{"type":"record","name":"SystemMetadata","fields":[
              {"name":"lastObserved","type":["long","null"],"default":0},
              {"name":"runId","type":["string","null"],"default":"no-run-id-provided"}]}],"default":null}]}
        """;

    public static GenericRecord LocalMcpRecord(string urn, string? runId = "run-7")
    {
        var schema = Parse(LocalMcp);
        var mcp = new GenericRecord(schema);
        mcp.Add("auditHeader", null);
        mcp.Add("entityType", "dataProcessInstance");
        mcp.Add("entityUrn", urn);
        mcp.Add("changeType", new GenericEnum((EnumSchema)schema["changeType"].Schema, "UPSERT"));
        mcp.Add("aspectName", "dataProcessInstanceRunEvent");
        var aspectSchema = (RecordSchema)((UnionSchema)schema["aspect"].Schema).Schemas[1];
        var aspect = new GenericRecord(aspectSchema);
        aspect.Add("value", "{\"status\":\"COMPLETE\"}"u8.ToArray());
        aspect.Add("contentType", "application/json");
        mcp.Add("aspect", aspect);
        var smSchema = (RecordSchema)((UnionSchema)schema["systemMetadata"].Schema).Schemas[1];
        var sm = new GenericRecord(smSchema);
        sm.Add("lastObserved", 1_700_000_000_000L);
        sm.Add("runId", runId);
        mcp.Add("systemMetadata", sm);
        return mcp;
    }
}
