#!/bin/bash
# Creates the application users (SCRAM-SHA-512) and their ACLs, once the cluster is up. Least privilege:
#  - router:      the whole mesh (it verifies announcements, routes, runs plans, writes results and the cache)
#  - node (compose-node): writes its announcements, heartbeats, attempts, chunks, dead letters and intents from its
#                 gateway; reads only ITS OWN work topic plus what its gateway and agent need — it cannot read
#                 another node's work or write results, routes or another node's work topic
#  - scaler, monitoring, registry: what each needs
set -euo pipefail
B=kafka-1:9092
CFG=/tmp/admin.properties
cat > "$CFG" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${KAFKA_ADMIN_PASSWORD}";
PROPS
K=/opt/kafka/bin
user() { $K/kafka-configs.sh --bootstrap-server $B --command-config $CFG --alter --add-config "SCRAM-SHA-512=[password=$2]" --entity-type users --entity-name "$1"; }
acl() { $K/kafka-acls.sh --bootstrap-server $B --command-config $CFG --add --allow-principal "User:$1" "${@:2}"; }

user router "${ROUTER_PASSWORD}"
user compose-node "${NODE_PASSWORD}"
user scaler "${SCALER_PASSWORD}"
user monitoring "${MONITORING_PASSWORD}"
user registry "${REGISTRY_PASSWORD}"

# router: everything under the mesh prefix, its consumer groups and transactions
acl router --operation All --topic atmosphere. --resource-pattern-type prefixed
acl router --operation All --group atmosphere-router --resource-pattern-type prefixed
acl router --operation All --transactional-id atmosphere-router --resource-pattern-type prefixed
acl router --operation Create --operation DescribeConfigs --cluster

# the node: writes only its own records
for t in atmosphere.capabilities atmosphere.node-status atmosphere.attempts atmosphere.results.chunks \
         atmosphere.work.dlq atmosphere.intents; do
  acl compose-node --operation Write --operation Describe --topic "$t"
done
acl compose-node --operation Read --operation Describe --operation Write --topic atmosphere.work.compose-node
acl compose-node --operation Create --topic atmosphere.work.compose-node
for t in atmosphere.capabilities.verified atmosphere.node-status.verified atmosphere.results atmosphere.routes \
         atmosphere.results.chunks; do
  acl compose-node --operation Read --operation Describe --topic "$t"
done
acl compose-node --operation Read --group atmosphere-executor-compose-node
acl compose-node --operation Write --operation Describe --transactional-id atmosphere-executor-compose-node
acl compose-node --operation IdempotentWrite --cluster

# scaler: reads the verified table, writes recommendations and commands, its own Streams app
acl scaler --operation Read --operation Describe --topic atmosphere.capabilities.verified
acl scaler --operation Read --operation Describe --topic atmosphere.node-status.verified
acl scaler --operation All --topic atmosphere.scale. --resource-pattern-type prefixed
acl scaler --operation All --topic atmosphere-scaler --resource-pattern-type prefixed
acl scaler --operation All --group atmosphere-scaler --resource-pattern-type prefixed
acl scaler --operation All --transactional-id atmosphere-scaler --resource-pattern-type prefixed

# monitoring: reads what it watches, writes alerts
for t in atmosphere.node-status.verified atmosphere.results atmosphere.router.dlq atmosphere.work.dlq; do
  acl monitoring --operation Read --operation Describe --topic "$t"
done
acl monitoring --operation Write --operation Describe --topic atmosphere.alerts
acl monitoring --operation Read --group atmosphere-monitoring

# schema registry: its own storage topic and group
acl registry --operation All --topic _schemas
acl registry --operation All --group schema-registry --resource-pattern-type prefixed
acl registry --operation DescribeConfigs --operation Create --cluster
echo "users and ACLs in place"
