// Realistic pull-request edits of the checked-in stack files, as text edits: the replay's cases
// (cases.ts) and the plan-diff tests that check the summary on the same pull requests use them.

/** Replaces one occurrence, failing loudly if the text is not there (a case that silently edits nothing proves nothing). */
export const swap = (from: string | RegExp, to: string) => (text: string) => {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit does not apply: ${String(from)}`);
    return next;
};

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

/** The prod edits issue 24 names. */
export const PROD_EDITS = {
    storefrontPort: swap(
        "ports: [{ name: http, port: 80, targetPort: 8080 }]",
        "ports: [{ name: http, port: 8443, targetPort: 8080 }]",
    ),
    checkoutPrimarySwapped: swap(
        "failover: { primary: aws-use1, secondary: aws-euw1 }",
        "failover: { primary: aws-euw1, secondary: aws-use1 }",
    ),
    checkoutHealthPath: swap("healthCheck: { path: /ready }", "healthCheck: { path: /healthz }"),
    deployerRemoved: swap(/ {2}fedfleet:deployer:\n( {4}.*\n)+/, ""),
    fortyServices: (text: string) => text + extraServices(40),
};

/** staging with a new GKE cluster in asia-southeast1, listed before lab-fra. */
export const stagingNewGkeAsia = swap(
    "    - name: lab-fra\n",
    `    - name: gke-ase1
      cloud: gcp
      region: asia-southeast1
      project: acme-fleet-staging
      releaseChannel: REGULAR
      nodeCidr: 10.60.0.0/20
      podCidr: 10.64.0.0/14
      serviceCidr: 10.68.0.0/20
      masterCidr: 172.16.0.32/28
      authorizedCidrs: [198.51.100.0/24]
      nodePools:
        - name: general
          machineType: e2-standard-4
          minNodesPerZone: 1
          maxNodesPerZone: 3
    - name: lab-fra
`,
);
