import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartRow {
  readonly label: string;
  readonly [series: string]: number | string;
}

/** Per-region change from baseline over time (mm), one line per region. */
export default function ChangeChart(props: {
  readonly rows: readonly ChartRow[];
  readonly series: readonly { readonly key: string; readonly name: string; readonly colour: string }[];
  readonly unit: string;
}) {
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={[...props.rows]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="label" />
        <YAxis unit={` ${props.unit}`} width={70} />
        <Tooltip />
        <Legend />
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
