// Shapes of the API's replies (docs/api.md, notes on the dashboard routes).
import type * as GeoJSON from "geojson";

export interface GeoFeature {
  type: "Feature";
  properties: { NUTS_ID: string; region: string | null; name: string };
  geometry: GeoJSON.Geometry;
}
export interface Geometry {
  type: "FeatureCollection";
  features: GeoFeature[];
}

export interface MapValue {
  region: string;
  name: string;
  country: string;
  value: number | null;
}
export interface MapReply {
  indicator: string;
  label: string;
  unit: string;
  year: number;
  higher_is: "more" | "less" | "neutral";
  values: MapValue[];
  notes: string[];
}

export interface IndicatorChoice {
  id: string;
  label: string;
  unit: string;
  needs: "activity" | "theme" | null;
}
export interface Indicators {
  indicators: IndicatorChoice[];
  activities: { code: string; name: string; section: string }[];
  themes: { id: string; name: string }[];
}

export interface Activity {
  activity: string;
  name: string;
  employment: number;
  share?: number;
  lq?: number;
}
/** Employment by NACE section against the EU28 (`smartspec_io::sections`). */
export interface SectionShare {
  section: string;
  name: string;
  employment: number | null;
  share: number | null;
  eu28_share: number | null;
}
export interface Profile {
  region: string;
  name: string;
  country: string;
  note: string | null;
  eu28: boolean;
  parents: { code: string; name: string }[];
  employment_total: number | null;
  diversity: number | null;
  eci: number | null;
  coi: number | null;
  missing_activities: string[];
  sections: SectionShare[];
  top_activities: Activity[];
  top_location_quotients: Activity[];
  context: Record<string, { value: number | null; year: number | null }>;
  year?: number;
}

export interface Opportunity {
  activity: string;
  name: string;
  rank: number;
  density: number;
  complexity: number;
  cog: number;
  rca: number;
  score: number;
  feasibility_z: number;
  value_z: number;
  level: number | null;
  feasibility: number;
  below_floor: boolean;
  entry_probability: number | null;
  quadrant: string;
  explained_by: { activity: string; proximity: number }[];
}
export interface Opportunities {
  region: string;
  density_cut: number;
  feasibility_cut: number;
  feasibility_axis: string;
  feasibility_by_model: boolean;
  complexity_cut: number;
  candidates: number;
  opportunities: Opportunity[];
  note: string | null;
  ranked_by_value: boolean;
  score_rule: string;
  validity: Validity | null;
}

export interface Correlation {
  spearman: number | null;
  n: number;
}

export interface MeasureValidity {
  measure: "eci" | "fitness";
  passes: boolean;
  region_vs_gdp_per_head: Correlation | null;
  region_vs_knowledge_intensive_share: Correlation | null;
  region_vs_diversity: Correlation | null;
  activity_vs_gdp_of_specialised_regions: Correlation | null;
}

export interface Validity {
  year: number;
  measurable: boolean;
  measures: MeasureValidity[];
  passing: string | null;
}

export interface Peer {
  rank: number;
  region: string;
  name: string;
  country: string;
  distance: number;
  cosine: number;
  differs_most: { variable: string; sd: number }[];
}
export interface Peers {
  region: string;
  peers: Peer[];
}

export interface Criterion {
  id: string;
  label: string;
  measure: string;
  direction: string;
  threshold: number | string;
  weight: number;
}
export interface TransitionRegion {
  region: string;
  name: string;
  country: string;
  score: number | null;
  rank: number | null;
  available: number;
  intensity?: number | null;
  met: string[];
  missing: string[];
}
export interface Transition {
  year: number;
  criteria: Criterion[];
  regions: TransitionRegion[];
  scored_eu28?: number;
  eu28_regions?: number;
}

export interface Theme {
  id: string;
  name: string;
  description?: string;
  stages: { id: string; name: string; activities: string[]; why?: string }[];
}
export interface Partner {
  region: string;
  name: string;
  country: string;
  score: number;
  rank: number;
  strength: number;
  shared?: number | null;
  complementarity?: number | null;
  relatedness?: number | null;
  reason: string;
}
export interface Partners {
  region: string;
  theme: string;
  year: number;
  partners: Partner[];
}
export interface Proposal {
  members: { region: string; name: string; country: string }[];
  objective: number;
  coverage: number;
  strength: number;
  method: string;
  member_states: number;
}
export interface Proposals {
  theme: string;
  size: number;
  proposals: Proposal[];
}

export interface PsNode {
  activity: string;
  name: string;
  section: string;
  employment: number | null;
}
export interface PsLink {
  source: string;
  target: string;
  proximity: number;
  tree: boolean;
}
export interface ProductSpace {
  year: number;
  nodes: PsNode[];
  links: PsLink[];
}
export interface Specialisations {
  region: string;
  year: number;
  activities: { activity: string; rca: number | null; employment: number | null; specialised: boolean }[];
}

export interface Page<T> {
  items: T[];
  next_cursor: string | number | null;
}
export interface Me {
  name?: string;
  user?: string;
  role: string;
  regions?: string[];
}
