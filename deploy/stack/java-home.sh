#!/usr/bin/env bash
# Prints the JAVA_HOME Keycloak should run with: a Temurin 25 JDK when
# the machine has one, else the default JDK (Keycloak runs on 17 and up).
set -eu
for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 \
  /usr/lib/jvm/java-17-openjdk-amd64; do
  if [ -x "$d/bin/java" ]; then echo "$d"; exit 0; fi
done
dirname "$(dirname "$(readlink -f "$(command -v java)")")"
