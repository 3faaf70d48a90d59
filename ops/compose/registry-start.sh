#!/bin/bash
# Confluent's schema registry with HTTP basic auth: one user, 'atmosphere', whose password comes from .env
# (REGISTRY_HTTP_PASSWORD); every Atmosphere service logs in with it (ATMOSPHERE_REGISTRY_BASIC_AUTH_USER_INFO).
set -euo pipefail
: "${REGISTRY_HTTP_PASSWORD:?set in .env}"
umask 077
printf 'atmosphere: %s,atmosphere\n' "$REGISTRY_HTTP_PASSWORD" > /tmp/registry-users.properties
cat > /tmp/registry-jaas.conf <<JAAS
SchemaRegistry-Props {
  org.eclipse.jetty.jaas.spi.PropertyFileLoginModule required
  file="/tmp/registry-users.properties"
  debug="false";
};
JAAS
export SCHEMA_REGISTRY_OPTS="-Djava.security.auth.login.config=/tmp/registry-jaas.conf ${SCHEMA_REGISTRY_OPTS:-}"
exec /etc/confluent/docker/run
