#!/usr/bin/env python3
"""Writes a YAML configuration for measuring yaml-cpp's parse and emit
(`yaml-cpp-parse FILE`, util/parse.cpp: YAML::Load, then write it out).

    gen_yaml_config.py FILE [--services 4000]

A deployment-style document: SERVICES services, each a map of plain and
quoted scalars, a sequence of environment entries, a flow sequence of ports,
a tagged scalar and a block literal, with directives at the top. Scalars are
longer than the standard library's short-string buffer, so copying one
allocates. The output is deterministic.
"""
import argparse


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--services", type=int, default=4000)
    args = parser.parse_args()
    lines = ["%YAML 1.2", "%TAG !svc! tag:example.com,2024:services:", "---", "services:"]
    for i in range(args.services):
        name = "service-number-%05d-frontend" % i
        lines += [
            "  - name: %s" % name,
            "    image: registry.example.com/team-%d/%s:release-%d" % (i % 17, name, i % 9),
            "    description: \"The %s handles requests for tenant group %d\"" % (name, i % 31),
            "    kind: !svc!deployment replicated-stateless-workload",
            "    environment:",
            "      - DATABASE_URL=postgres://db-%d.internal.example.com:5432/app" % (i % 5),
            "      - CACHE_URL=redis://cache-%d.internal.example.com:6379/0" % (i % 3),
            "      - 'LOG_LEVEL=information-with-request-tracing'",
            "    ports: [%d, %d, %d]" % (8000 + i % 100, 9000 + i % 100, 10000 + i % 100),
            "    startup: |",
            "      exec /usr/local/bin/%s --config /etc/%s/config.yaml" % (name, name),
            "      echo started-service-instance-%05d" % i,
        ]
    with open(args.file, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
