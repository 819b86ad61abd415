/**
 * The release area: commit, get_page, release, revertcoderelease, the phased release trio,
 * change_visitstatus and getaccountbasicinfo. No records with a lifecycle: its state is the
 * tenant's `release` (state.ts), moved by `release` changes through the commit point.
 */
import type { Area } from "../../model/area.js";
import * as handlers from "./handlers.js";

export const RELEASE_AREA = { name: "release", handlers } satisfies Area;
