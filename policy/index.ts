// The fedfleet CrossGuard pack. This file only builds the pack: constructing a PolicyPack
// starts the analyzer server, so nothing else may import it (rules live in ./rules).
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./rules";

new PolicyPack(PACK_NAME, { policies });
