#pragma once
// The charts' colours, defined once so every report prints alike. Restrained and print-safe:
// a dark ink for text and marks, light greys for grids and missing data, a blue and a green for
// series (told apart in greyscale too), and a sequential green scale for maps.
#include <array>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart::palette {

using draw::Color;

inline constexpr Color kInk{33, 37, 41};          // text, axes
inline constexpr Color kMutedInk{99, 107, 117};   // tick labels, notes
inline constexpr Color kGrid{222, 226, 230};      // grid lines
inline constexpr Color kReference{33, 37, 41};    // reference marks (national median)
inline constexpr Color kMissing{229, 231, 234};   // provinces and cells without a value
inline constexpr Color kBoundary{255, 255, 255};  // province borders on a filled map
inline constexpr Color kPoint{200, 82, 41};       // clusters on a map: stands out on greens

// Series in order: a dark blue first (reads as black in greyscale), then green, then lighter.
inline constexpr std::array<Color, 4> kSeries{Color{11, 92, 173}, Color{46, 139, 87},
                                              Color{137, 176, 219}, Color{153, 153, 153}};

// Sequential greens, light to dark (ColorBrewer "Greens"): the choropleth's classes. 7 colours;
// fewer classes take an evenly spread subset so the lightest and darkest stay.
inline constexpr std::array<Color, 7> kSequential{
    Color{237, 248, 233}, Color{199, 233, 192}, Color{161, 217, 155}, Color{116, 196, 118},
    Color{65, 171, 93},   Color{35, 139, 69},   Color{0, 90, 50}};

}  // namespace atlas::report::chart::palette
