// PM2.5 categories of the US EPA Air Quality Index, 24-hour PM2.5, with the breakpoints of the
// 2024 revision (in force since 6 May 2024; 40 CFR 58 Appendix G): Good ends at 9.0 µg/m³
// (was 12.0) and Hazardous starts at 225.5 (was 250.5). The EPA truncates PM2.5 to one decimal
// before the lookup. The colours are the EPA's; `text` is the text colour that reads on them.

export const pm25Categories = [
  { upTo: 9.0, name: 'Good', colour: '#00e400', text: '#000000' },
  { upTo: 35.4, name: 'Moderate', colour: '#ffff00', text: '#000000' },
  { upTo: 55.4, name: 'Unhealthy for Sensitive Groups', colour: '#ff7e00', text: '#000000' },
  { upTo: 125.4, name: 'Unhealthy', colour: '#ff0000', text: '#000000' },
  { upTo: 225.4, name: 'Very Unhealthy', colour: '#8f3f97', text: '#ffffff' },
  { upTo: Infinity, name: 'Hazardous', colour: '#7e0023', text: '#ffffff' },
];

/** The category of a PM2.5 concentration in µg/m³, or null when it was not measured. */
export function pm25Category(value) {
  if (value == null || !Number.isFinite(value) || value < 0) return null;
  const truncated = Math.floor(value * 10 + 1e-9) / 10;
  return pm25Categories.find(c => truncated <= c.upTo);
}
