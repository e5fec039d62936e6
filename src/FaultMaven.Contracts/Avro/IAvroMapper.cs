using Avro;
using Avro.Generic;

namespace FaultMaven.Contracts.Avro;

/// <summary>Converts a contract record to and from its Avro generic form.</summary>
public interface IAvroMapper<T>
{
    RecordSchema Schema { get; }

    GenericRecord ToAvro(T value);

    T FromAvro(GenericRecord record);
}
