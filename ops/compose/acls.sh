#!/bin/bash
# Creates the application users (SCRAM-SHA-512) and their ACLs, once the cluster is up. Least privilege:
#  - router (+ the scaler in the same process): the whole mesh (it verifies announcements, routes, runs plans,
#                 writes results and the cache), its Streams internal topics, groups and transactions
#  - node (compose-node): writes its announcements, heartbeats, attempts, chunks, dead letters and intents from its
#                 gateway; reads only ITS OWN work topic plus what its gateway and agent need — it cannot read
#                 another node's work or write results, routes or another node's work topic
#  - monitoring, registry: what each needs
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

user router "${ROUTER_PASSWORD}"
user compose-node "${NODE_PASSWORD}"
user scaler "${SCALER_PASSWORD}"
user monitoring "${MONITORING_PASSWORD}"
user registry "${REGISTRY_PASSWORD}"

# the ACLs: one source for compose and AclsIT (dev.atmosphere.ops.acl.MeshAcls), applied by the Atmosphere CLI as
# admin. The router principal also runs the scaler; the node is named compose-node (node.name), so its id is
# compose-node-<fingerprint> and its own resources are granted by that prefix.
export ATMOSPHERE_KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_PLAINTEXT ATMOSPHERE_KAFKA_CLIENT_SASL_MECHANISM=SCRAM-SHA-512
export ATMOSPHERE_KAFKA_CLIENT_SASL_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"${KAFKA_ADMIN_PASSWORD}\";"
java -cp "/app/ops/target/ops-0.1.0-SNAPSHOT.jar:/app/ops/target/lib/*" dev.atmosphere.ops.cli.AtmosphereCli acls \
  --bootstrap "$B" --router router --node compose-node --monitoring monitoring --registry-principal registry
echo "users and ACLs in place"
