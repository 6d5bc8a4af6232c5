// How the demo spreads the programme over the country and its industries, shared by the data
// set (generator.h) and the selection round (round.h): provinces where the programme is strong
// and the strategic emerging industries clusters lead in more often weigh more.
#pragma once
#include <string>
#include <string_view>

#include "atlas/domain/region.h"

namespace atlas::demo {

// The east most, and Guangdong, Jiangsu, Shandong and Hubei above all, as in the programme's
// published batches; 0 for a province outside the programme.
double province_weight(const domain::Province& p);

// A strategic-emerging-industry key's weight ("next_gen_it" 3 … "related_services" 0.5); 0 for
// an empty or unknown key.
double sei_weight(const std::string& sei);

// `s` without `suffix` at its end, when it has it and is longer ("武汉市" → "武汉").
std::string strip_suffix(std::string s, std::string_view suffix);

}  // namespace atlas::demo
