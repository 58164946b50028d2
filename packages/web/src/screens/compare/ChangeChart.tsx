import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface ChartRow {
  readonly label: string;
  readonly [series: string]: number | string;
}

/**
 * Per-region change from baseline over time (mm), one line per region, over each region's measurement-error
 * band (±MDC around zero, shaded in the region's colour): a point inside its band is within measurement error.
 */
export default function ChangeChart(props: {
  readonly rows: readonly ChartRow[];
  readonly series: readonly { readonly key: string; readonly name: string; readonly colour: string }[];
  readonly unit: string;
  /** MDC per series key; no band is drawn for a series without one. */
  readonly bands?: Readonly<Record<string, number>>;
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={[...props.rows]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis unit={` ${props.unit}`} width={70} />
        <Tooltip />
        <Legend />
        {props.series.map((s) => {
          const b = props.bands?.[s.key];
          return b === undefined ? null : (
            <ReferenceArea
              key={`band-${s.key}`}
              y1={-b}
              y2={b}
              fill={s.colour}
              fillOpacity={0.08}
              stroke="none"
              ifOverflow="extendDomain"
            />
          );
        })}
        {props.series.map((s) => (
          <Line
            key={s.key}
            type="monotone"
            dataKey={s.key}
            name={s.name}
            stroke={s.colour}
            strokeWidth={2}
            dot
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
