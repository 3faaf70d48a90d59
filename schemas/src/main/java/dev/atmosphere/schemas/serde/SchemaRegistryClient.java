package dev.atmosphere.schemas.serde;

import org.apache.avro.Schema;

/**
 * The two calls the Confluent wire format needs from a schema registry: register a writer schema under a
 * subject (getting its global id) and fetch a schema by id. Implementations cache; both calls are idempotent.
 */
public interface SchemaRegistryClient {

  /** Registers (or finds) {@code schema} under {@code subject}; returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with global id {@code id}. */
  Schema byId(int id);
}
