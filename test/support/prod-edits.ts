// The prod pull-request edits issue 24 names, shared by the summary tests and the end-to-end run.

/** Extra services placed on every prod cluster, as a pull request adding a batch of them would declare them. */
export function extraServices(count: number): string {
    return Array.from(
        { length: count },
        (_, i) => `    - name: batch${i}
      namespace: batch
      replicas: 4
      containers:
        - name: web
          image: ghcr.io/acme/storefront:1.14.2@sha256:4f1c2d8e9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d
          ports: [{ name: http, containerPort: 8080 }]
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { cpu: "1", memory: 256Mi }
      ports: [{ name: http, port: 80, targetPort: 8080 }]
      placement:
        selector: { matchLabels: { env: prod } }
`,
    ).join("");
}

/** prod edits the issue names. */
export const PROD_EDITS = {
    storefrontPort: (t: string) =>
        t.replace(
            "ports: [{ name: http, port: 80, targetPort: 8080 }]",
            "ports: [{ name: http, port: 8443, targetPort: 8080 }]",
        ),
    checkoutPrimarySwapped: (t: string) =>
        t.replace(
            "failover: { primary: aws-use1, secondary: aws-euw1 }",
            "failover: { primary: aws-euw1, secondary: aws-use1 }",
        ),
    checkoutHealthPath: (t: string) => t.replace("healthCheck: { path: /ready }", "healthCheck: { path: /healthz }"),
    deployerRemoved: (t: string) => t.replace(/ {2}fedfleet:deployer:\n( {4}.*\n)+/, ""),
    fortyServices: (t: string) => t + extraServices(40),
};
