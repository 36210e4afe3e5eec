// Konva's core plus only the shapes the board draws: the full build brings every shape and
// filter, which the board never uses and every phone would download.
import Konva from 'konva/lib/Core';
import 'konva/lib/shapes/Rect';
import 'konva/lib/shapes/Text';
import 'konva/lib/shapes/Path';
import 'konva/lib/shapes/Label';
import 'konva/lib/shapes/Circle';

export { Konva };
export { Stage, Layer, Group, Rect, Text, Path, Label, Tag, Circle } from 'react-konva/lib/ReactKonvaCore';
