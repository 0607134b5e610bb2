import assert from "node:assert/strict";
import { eksKubeconfig, gkeKubeconfig } from "../../../src/plan/clusters/kubeconfig";

describe("kubeconfig", () => {
    it("authenticates to EKS with aws eks get-token for the cluster and region, holding no credential", () => {
        const doc = JSON.parse(
            eksKubeconfig({
                clusterName: "c1",
                region: "eu-west-1",
                endpoint: "https://x.eks",
                certificateAuthorityData: "Q0E=",
            }),
        );
        assert.equal(doc.clusters[0].cluster.server, "https://x.eks");
        assert.equal(doc.clusters[0].cluster["certificate-authority-data"], "Q0E=");
        const exec = doc.users[0].user.exec;
        assert.equal(exec.command, "aws");
        assert.deepEqual(exec.args.slice(0, 6), ["eks", "get-token", "--cluster-name", "c1", "--region", "eu-west-1"]);
        assert.equal(exec.apiVersion, "client.authentication.k8s.io/v1beta1");
        assert.equal(doc.users[0].user.token, undefined);
        assert.equal(doc["current-context"], "c1");
    });

    it("reaches GKE at its DNS endpoint with gke-gcloud-auth-plugin, with no cluster CA (get-gke-credentials client.ts)", () => {
        const doc = JSON.parse(
            gkeKubeconfig({ contextName: "gke_p_r_c", dnsEndpoint: "abc123.europe-west1.gke.goog" }),
        );
        assert.deepEqual(doc.clusters[0].cluster, { server: "https://abc123.europe-west1.gke.goog" });
        assert.equal(doc.users[0].user.exec.command, "gke-gcloud-auth-plugin");
        // Application Default Credentials, as the login step in docs/running-for-real.md sets up, not gcloud's login.
        assert.deepEqual(doc.users[0].user.exec.args, ["--use_application_default_credentials"]);
        assert.equal(doc.users[0].user["auth-provider"], undefined);
    });
});
