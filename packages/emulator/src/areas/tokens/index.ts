/** The tokens area: the four token endpoints (no records with a lifecycle; tokens expire by clock). */
import type { Area } from "../../model/area.js";
import * as handlers from "./handlers.js";

export const TOKENS_AREA = { name: "tokens", handlers } satisfies Area;
