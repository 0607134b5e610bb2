// The floor as a Pulumi program: registers the recorded shape at its top level, and is
// loaded with require as Pulumi's language host loads a program, so the floor pays what
// any program pays for being one (the stack depth the SDK records at every registration).
import { registerFloor, takeFloorShape } from "./floor";

/** How many resources the floor registered; the worker reports it. */
export const registered = registerFloor(takeFloorShape().resources);
