namespace Atmo.CloudDouble;

public enum BodyFault
{
    None,

    /// <summary>200 with an HTML error page.</summary>
    Html,

    /// <summary>200 with the JSON cut in the middle.</summary>
    TruncatedJson,

    /// <summary>200 with an item whose values have the wrong JSON types.</summary>
    WrongTypes,

    /// <summary>200 with JSON of another shape.</summary>
    UnexpectedEnvelope,

    /// <summary>200 with a well-formed start of a 20 MB body, streamed without Content-Length.</summary>
    Oversized,

    /// <summary>200 with every record's voc negative (implausible: the store's gate drops each one, the rest of the record is kept).</summary>
    Implausible,
}
