// The choices of the grade and residual-risk filters on the supplier and component lists.
import type { Option } from "~/components/field";
import { RISK_LEVELS } from "~/domain/scoring/methodology";
import { GRADES } from "~/domain/templates/definition";

export const gradeOptions: Option[] = [...GRADES.map((g) => ({ value: g, label: `Grade ${g}` })), { value: "none", label: "Not rated" }];

export const residualOptions: Option[] = RISK_LEVELS.map((level) => ({ value: level, label: level.charAt(0).toUpperCase() + level.slice(1) }));
