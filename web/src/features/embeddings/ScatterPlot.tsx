import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';
import type { MapPoints } from './model';
import { pointSize } from './model';
import styles from './EmbeddingsTab.module.css';

type Scatterplot = ReturnType<typeof import('regl-scatterplot').default>;

export type PlotMode = 'pan' | 'lasso' | 'box';

export interface ScatterPlotHandle {
  resetView: () => void;
}

interface ScatterPlotProps {
  readonly points: MapPoints;
  /** Colour category of each point (an index into `palette`). */
  readonly categories: Float32Array;
  readonly palette: readonly string[];
  /** Points left visible by the legend; null for all. */
  readonly visible: readonly number[] | null;
  readonly mode: PlotMode;
  /** The selection, as indices; the plot follows when it changes from outside (Clear). */
  readonly selected: readonly number[];
  readonly onSelect: (indices: number[]) => void;
  readonly onHover: (hover: { readonly index: number; readonly x: number; readonly y: number } | null) => void;
}

const BACKGROUND = [0.984, 0.988, 0.992, 1] as [number, number, number, number];

/**
 * The WebGL map (regl-scatterplot, loaded with this tab): pans and zooms
 * 100,000 points smoothly; lasso or box selection reports point indices.
 */
export const ScatterPlot = forwardRef<ScatterPlotHandle, ScatterPlotProps>(function ScatterPlot(
  { points, categories, palette, visible, mode, selected, onSelect, onHover },
  ref,
) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<Scatterplot | null>(null);
  const [plot, setPlot] = useState<Scatterplot | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const callbacks = useRef({ onSelect, onHover });
  callbacks.current = { onSelect, onHover };
  const current = useRef<readonly number[]>([]);

  useImperativeHandle(ref, () => ({ resetView: () => void plotRef.current?.reset() }), []);

  // Create the plot once; destroy it with the component.
  useEffect(() => {
    let cancelled = false;
    let instance: Scatterplot | null = null;
    void import('regl-scatterplot')
      .then(({ default: createScatterplot }) => {
        const canvas = canvasRef.current;
        if (cancelled || !canvas) return;
        const { width, height } = canvas.getBoundingClientRect();
        instance = createScatterplot({
          canvas,
          width: Math.max(1, Math.round(width)),
          height: Math.max(1, Math.round(height)),
          backgroundColor: BACKGROUND,
          pointColorActive: '#0b1220',
          pointColorHover: '#0b1220',
          pointOutlineWidth: 2,
          pointSizeSelected: 2,
          opacityInactiveMax: 0.35,
          lassoColor: '#1d5fa8',
          lassoLineWidth: 2,
          lassoInitiator: false,
          deselectOnDblClick: true,
          deselectOnEscape: true,
          colorBy: 'valueA',
        });
        if (!instance.isSupported) {
          setFailure('This browser cannot draw the map: WebGL with the needed extensions is unavailable. Try another browser or enable hardware acceleration.');
        }
        instance.subscribe('select', ({ points: indices }) => {
          current.current = indices;
          callbacks.current.onSelect([...indices]);
        });
        instance.subscribe('deselect', () => {
          current.current = [];
          callbacks.current.onSelect([]);
        });
        instance.subscribe('pointOver', (index) => {
          const at = instance?.getScreenPosition(index);
          if (at) callbacks.current.onHover({ index, x: at[0], y: at[1] });
        });
        instance.subscribe('pointOut', () => callbacks.current.onHover(null));
        plotRef.current = instance;
        setPlot(instance);
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(`The map could not start: ${error instanceof Error ? error.message : String(error)}`);
      });
    return () => {
      cancelled = true;
      instance?.destroy();
      plotRef.current = null;
    };
  }, []);

  // Follow the size of the container.
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!plot || !wrap) return;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      if (width > 0 && height > 0) void plot.set({ width: Math.round(width), height: Math.round(height) });
    });
    observer.observe(wrap);
    return () => observer.disconnect();
  }, [plot]);

  useEffect(() => {
    if (!plot) return;
    const settings = { mouseMode: mode === 'pan' ? 'panZoom' : 'lasso', lassoType: mode === 'box' ? 'rectangle' : 'freeform' };
    void plot.set(settings as Parameters<Scatterplot['set']>[0]);
  }, [plot, mode]);

  useEffect(() => {
    if (!plot) return;
    void plot.set({ pointColor: [...palette], pointSize: pointSize(points.count) });
  }, [plot, palette, points.count]);

  // (Re)draw when the points or their colours change; keep the camera.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  useEffect(() => {
    if (!plot) return;
    let stale = false;
    void plot
      .draw({ x: points.x, y: points.y, valueA: categories }, { zDataType: 'categorical', ...(visible ? { filter: [...visible] } : {}) })
      .then(() => {
        // A redraw drops the plot's selection: show the one the view still holds.
        const keep = selectedRef.current;
        current.current = keep;
        if (!stale && keep.length > 0) plot.select([...keep], { preventEvent: true });
      });
    return () => {
      stale = true;
    };
  }, [plot, points, categories, visible]);

  // An outside change of the selection (cleared, or restored after a redraw).
  useEffect(() => {
    if (!plot) return;
    const same = selected.length === current.current.length && selected.every((v, i) => v === current.current[i]);
    if (same) return;
    current.current = selected;
    if (selected.length === 0) plot.deselect({ preventEvent: true });
    else plot.select([...selected], { preventEvent: true });
  }, [plot, selected]);

  return (
    <div ref={wrapRef} className={`${styles.canvasWrap} ${mode === 'pan' ? styles.grab : styles.crosshair}`}>
      <canvas ref={canvasRef} className={styles.canvas} data-testid="embedding-canvas" />
      {failure && (
        <p className={styles.canvasFailure} role="alert">
          {failure}
        </p>
      )}
    </div>
  );
});
