// Static catalog of public cloud regions: zones and approximate locations.
// Pure data + functions (no Pulumi imports) so planners, policies and tests can
// use it without a Pulumi runtime.

/** The clouds the catalog lists regions of; existing clusters declare theirs in config. */
export type Cloud = "aws" | "gcp";

/** A cloud region: its zones and where it is. */
export interface RegionInfo {
    cloud: Cloud;
    region: string;
    zones: readonly string[];
    latitude: number;
    longitude: number;
    /** Human-readable city/area, e.g. "N. Virginia". */
    location: string;
    /** AWS only: the region's Availability Zone IDs (`use1-az1`), the same zones in every account. */
    zoneIds?: readonly string[];
}

// Zone names are built from letters so a typo cannot yield a zone belonging to
// another region. AWS appends the letter directly; GCP uses a "-" separator.
function aws(region: string, letters: string, location: string, latitude: number, longitude: number): RegionInfo {
    const zones = Object.freeze([...letters].map((l) => `${region}${l}`));
    const ids = AWS_ZONE_IDS[region];
    const zoneIds = ids ? Object.freeze(ids.numbers.map((n) => `${ids.prefix}-az${n}`)) : undefined;
    return Object.freeze({
        cloud: "aws",
        region,
        zones,
        latitude,
        longitude,
        location,
        ...(zoneIds ? { zoneIds } : {}),
    });
}

/**
 * AZ IDs per AWS region: a region-specific prefix, "-az" and a number, naming the same
 * physical zone in every account (zone letters do not, in the oldest regions). From AWS
 * docs, "AWS Availability Zones" (global-infrastructure/latest/regions/aws-availability-zones.html).
 */
const AWS_ZONE_IDS: Readonly<Record<string, { prefix: string; numbers: readonly number[] }>> = {
    "us-east-1": { prefix: "use1", numbers: [1, 2, 3, 4, 5, 6] },
    "us-east-2": { prefix: "use2", numbers: [1, 2, 3] },
    "us-west-1": { prefix: "usw1", numbers: [1, 2, 3] },
    "us-west-2": { prefix: "usw2", numbers: [1, 2, 3, 4] },
    "ca-central-1": { prefix: "cac1", numbers: [1, 2, 4] },
    "ca-west-1": { prefix: "caw1", numbers: [1, 2, 3] },
    "mx-central-1": { prefix: "mxc1", numbers: [1, 2, 3] },
    "sa-east-1": { prefix: "sae1", numbers: [1, 2, 3] },
    "eu-west-1": { prefix: "euw1", numbers: [1, 2, 3] },
    "eu-west-2": { prefix: "euw2", numbers: [1, 2, 3, 4] },
    "eu-west-3": { prefix: "euw3", numbers: [1, 2, 3] },
    "eu-central-1": { prefix: "euc1", numbers: [1, 2, 3] },
    "eu-central-2": { prefix: "euc2", numbers: [1, 2, 3] },
    "eu-north-1": { prefix: "eun1", numbers: [1, 2, 3] },
    "eu-south-1": { prefix: "eus1", numbers: [1, 2, 3] },
    "eu-south-2": { prefix: "eus2", numbers: [1, 2, 3] },
    "me-south-1": { prefix: "mes1", numbers: [1, 2, 3] },
    "me-central-1": { prefix: "mec1", numbers: [1, 2, 3] },
    "il-central-1": { prefix: "ilc1", numbers: [1, 2, 3] },
    "af-south-1": { prefix: "afs1", numbers: [1, 2, 3] },
    "ap-south-1": { prefix: "aps1", numbers: [1, 2, 3] },
    "ap-south-2": { prefix: "aps2", numbers: [1, 2, 3] },
    "ap-southeast-1": { prefix: "apse1", numbers: [1, 2, 3] },
    "ap-southeast-2": { prefix: "apse2", numbers: [1, 2, 3] },
    "ap-southeast-3": { prefix: "apse3", numbers: [1, 2, 3] },
    "ap-southeast-4": { prefix: "apse4", numbers: [1, 2, 3] },
    "ap-southeast-5": { prefix: "apse5", numbers: [1, 2, 3] },
    "ap-southeast-6": { prefix: "apse6", numbers: [1, 2, 3] },
    "ap-southeast-7": { prefix: "apse7", numbers: [1, 2, 3] },
    "ap-northeast-1": { prefix: "apne1", numbers: [1, 2, 3, 4] },
    "ap-northeast-2": { prefix: "apne2", numbers: [1, 2, 3, 4] },
    "ap-northeast-3": { prefix: "apne3", numbers: [1, 2, 3] },
    "ap-east-1": { prefix: "ape1", numbers: [1, 2, 3] },
    "ap-east-2": { prefix: "ape2", numbers: [1, 2, 3] },
};

function gcp(region: string, letters: string, location: string, latitude: number, longitude: number): RegionInfo {
    const zones = Object.freeze([...letters].map((l) => `${region}-${l}`));
    return Object.freeze({ cloud: "gcp", region, zones, latitude, longitude, location });
}

function byName(entries: RegionInfo[]): Readonly<Record<string, RegionInfo>> {
    const out: Record<string, RegionInfo> = {};
    for (const e of entries) {
        if (Object.hasOwn(out, e.region)) throw new Error(`duplicate region ${e.region}`);
        out[e.region] = e;
    }
    return Object.freeze(out);
}

/**
 * AWS regions by name. Commercial AWS partition only (no GovCloud, China, ISO, European Sovereign
 * Cloud): those need separate accounts/credentials and are not fleet targets.
 * Coordinates are the metro area, not the (undisclosed) data-centre sites.
 * AZ letters are the ones EC2 exposes; in older regions the letter->AZ mapping
 * is per account, so use AZ IDs when cross-account alignment matters.
 */
export const AWS_REGIONS: Readonly<Record<string, RegionInfo>> = byName([
    aws("us-east-1", "abcdef", "N. Virginia", 39.04, -77.49),
    aws("us-east-2", "abc", "Ohio", 39.96, -83.0),
    // Only two AZs are offered to most accounts; consumers needing 3 must reject it.
    aws("us-west-1", "bc", "N. California", 37.35, -121.96),
    aws("us-west-2", "abcd", "Oregon", 45.84, -119.7),
    // ca-central-1c does not exist (the third AZ launched as "d").
    aws("ca-central-1", "abd", "Montreal", 45.5, -73.57),
    aws("ca-west-1", "abc", "Calgary", 51.05, -114.07),
    aws("mx-central-1", "abc", "Querétaro", 20.59, -100.39),
    aws("sa-east-1", "abc", "São Paulo", -23.55, -46.63),
    aws("eu-west-1", "abc", "Ireland", 53.35, -6.26),
    aws("eu-west-2", "abc", "London", 51.51, -0.13),
    aws("eu-west-3", "abc", "Paris", 48.86, 2.35),
    aws("eu-central-1", "abc", "Frankfurt", 50.11, 8.68),
    aws("eu-central-2", "abc", "Zurich", 47.38, 8.54),
    aws("eu-north-1", "abc", "Stockholm", 59.33, 18.07),
    aws("eu-south-1", "abc", "Milan", 45.46, 9.19),
    aws("eu-south-2", "abc", "Spain (Aragón)", 41.65, -0.88),
    aws("me-south-1", "abc", "Bahrain", 26.23, 50.59),
    aws("me-central-1", "abc", "UAE", 25.2, 55.27),
    aws("il-central-1", "abc", "Tel Aviv", 32.09, 34.78),
    aws("af-south-1", "abc", "Cape Town", -33.92, 18.42),
    aws("ap-south-1", "abc", "Mumbai", 19.08, 72.88),
    aws("ap-south-2", "abc", "Hyderabad", 17.39, 78.49),
    aws("ap-southeast-1", "abc", "Singapore", 1.35, 103.82),
    aws("ap-southeast-2", "abc", "Sydney", -33.87, 151.21),
    aws("ap-southeast-3", "abc", "Jakarta", -6.21, 106.85),
    aws("ap-southeast-4", "abc", "Melbourne", -37.81, 144.96),
    aws("ap-southeast-5", "abc", "Malaysia", 3.14, 101.69),
    aws("ap-southeast-6", "abc", "New Zealand", -36.85, 174.76),
    aws("ap-southeast-7", "abc", "Thailand", 13.76, 100.5),
    // ap-northeast-1b is not offered to new accounts.
    aws("ap-northeast-1", "acd", "Tokyo", 35.68, 139.69),
    aws("ap-northeast-2", "abcd", "Seoul", 37.57, 126.98),
    aws("ap-northeast-3", "abc", "Osaka", 34.69, 135.5),
    aws("ap-east-1", "abc", "Hong Kong", 22.32, 114.17),
    aws("ap-east-2", "abc", "Taipei", 25.03, 121.57),
]);

/**
 * Google Cloud regions by name. Coordinates are the published data-centre town where Google
 * names one (e.g. St. Ghislain), otherwise the metro area.
 */
export const GCP_REGIONS: Readonly<Record<string, RegionInfo>> = byName([
    gcp("us-central1", "abcf", "Council Bluffs, Iowa", 41.26, -95.86),
    // us-east1-a was retired; only b, c, d remain.
    gcp("us-east1", "bcd", "Moncks Corner, South Carolina", 33.2, -80.01),
    gcp("us-east4", "abc", "Ashburn, N. Virginia", 39.04, -77.49),
    gcp("us-east5", "abc", "Columbus, Ohio", 39.96, -83.0),
    gcp("us-south1", "abc", "Dallas, Texas", 32.78, -96.8),
    gcp("us-west1", "abc", "The Dalles, Oregon", 45.6, -121.18),
    gcp("us-west2", "abc", "Los Angeles", 34.05, -118.24),
    gcp("us-west3", "abc", "Salt Lake City", 40.76, -111.89),
    gcp("us-west4", "abc", "Las Vegas", 36.17, -115.14),
    gcp("northamerica-northeast1", "abc", "Montréal", 45.5, -73.57),
    gcp("northamerica-northeast2", "abc", "Toronto", 43.65, -79.38),
    gcp("northamerica-south1", "abc", "Querétaro", 20.59, -100.39),
    gcp("southamerica-east1", "abc", "Osasco, São Paulo", -23.53, -46.79),
    gcp("southamerica-west1", "abc", "Santiago", -33.45, -70.67),
    // europe-west1 has no "a" zone.
    gcp("europe-west1", "bcd", "St. Ghislain, Belgium", 50.45, 3.82),
    gcp("europe-west2", "abc", "London", 51.51, -0.13),
    gcp("europe-west3", "abc", "Frankfurt", 50.11, 8.68),
    gcp("europe-west4", "abc", "Eemshaven, Netherlands", 53.44, 6.83),
    gcp("europe-west6", "abc", "Zurich", 47.38, 8.54),
    gcp("europe-west8", "abc", "Milan", 45.46, 9.19),
    gcp("europe-west9", "abc", "Paris", 48.86, 2.35),
    gcp("europe-west10", "abc", "Berlin", 52.52, 13.4),
    gcp("europe-west12", "abc", "Turin", 45.07, 7.69),
    gcp("europe-north1", "abc", "Hamina, Finland", 60.57, 27.2),
    gcp("europe-north2", "abc", "Stockholm", 59.33, 18.07),
    gcp("europe-central2", "abc", "Warsaw", 52.23, 21.01),
    gcp("europe-southwest1", "abc", "Madrid", 40.42, -3.7),
    gcp("me-west1", "abc", "Tel Aviv", 32.09, 34.78),
    gcp("me-central1", "abc", "Doha", 25.29, 51.53),
    gcp("me-central2", "abc", "Dammam, Saudi Arabia", 26.43, 50.1),
    gcp("africa-south1", "abc", "Johannesburg", -26.2, 28.05),
    gcp("asia-east1", "abc", "Changhua County, Taiwan", 24.07, 120.54),
    gcp("asia-east2", "abc", "Hong Kong", 22.32, 114.17),
    gcp("asia-northeast1", "abc", "Tokyo", 35.68, 139.69),
    gcp("asia-northeast2", "abc", "Osaka", 34.69, 135.5),
    gcp("asia-northeast3", "abc", "Seoul", 37.57, 126.98),
    gcp("asia-south1", "abc", "Mumbai", 19.08, 72.88),
    gcp("asia-south2", "abc", "Delhi", 28.61, 77.21),
    gcp("asia-southeast1", "abc", "Jurong West, Singapore", 1.34, 103.71),
    gcp("asia-southeast2", "abc", "Jakarta", -6.21, 106.85),
    gcp("australia-southeast1", "abc", "Sydney", -33.87, 151.21),
    gcp("australia-southeast2", "abc", "Melbourne", -37.81, 144.96),
]);

function table(cloud: Cloud): Readonly<Record<string, RegionInfo>> {
    return cloud === "aws" ? AWS_REGIONS : GCP_REGIONS;
}

/** The catalog's entry for a region, or undefined when `cloud` has no region of that name. */
export function regionInfo(cloud: Cloud, region: string): RegionInfo | undefined {
    const t = table(cloud);
    // hasOwn: a plain lookup would return inherited members for "constructor" etc.
    return Object.hasOwn(t, region) ? t[region] : undefined;
}

/** Region names of a cloud, sorted (code-unit order) for stable output. */
export function knownRegions(cloud: Cloud): string[] {
    return Object.keys(table(cloud)).sort();
}

/** A point on the earth, in degrees. */
export interface LatLon {
    latitude: number;
    longitude: number;
}

const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

function checkPoint(p: LatLon): void {
    // Reject NaN/out-of-range input: it would otherwise make every comparison
    // false and silently pick an arbitrary region.
    if (!(Math.abs(p.latitude) <= 90) || !(Math.abs(p.longitude) <= 180)) {
        throw new RangeError(`invalid coordinates (${p.latitude}, ${p.longitude})`);
    }
}

/** Haversine great-circle distance in km (spherical earth, R = 6371 km). */
export function greatCircleKm(a: LatLon, b: LatLon): number {
    checkPoint(a);
    checkPoint(b);
    const dLat = (b.latitude - a.latitude) * RAD;
    const dLon = (b.longitude - a.longitude) * RAD;
    const h =
        Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * RAD) * Math.cos(b.latitude * RAD) * Math.sin(dLon / 2) ** 2;
    // Clamp: rounding can push h marginally above 1 for antipodal points.
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, h)));
}

/**
 * The region of `cloud` nearest to `point` by great-circle distance. Candidates are
 * scanned in sorted order and only a strictly smaller distance wins, so ties resolve
 * to the alphabetically first region.
 */
export function nearestRegion(cloud: Cloud, point: LatLon): string {
    checkPoint(point);
    const candidates = knownRegions(cloud).map((r) => table(cloud)[r]!);
    let best = candidates[0]!;
    let bestKm = greatCircleKm(point, best);
    for (const c of candidates.slice(1)) {
        const km = greatCircleKm(point, c);
        if (km < bestKm) {
            best = c;
            bestKm = km;
        }
    }
    return best.region;
}

/** The AWS region nearest to `point`: every commercial region here can carry Route53 latency records. */
export function nearestAwsRegion(point: LatLon): string {
    return nearestRegion("aws", point);
}
