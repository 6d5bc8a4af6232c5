#include "atlas/app/zone_add.h"

namespace atlas::app {

std::int64_t add_zone(const Database& db, const ZoneAddRequest& request,
                      const store::Actor& actor) {
  domain::Zone z;
  z.name = request.name;
  z.level = request.level;
  z.province_code = db.province(request.province).code;
  z.city = request.city;
  z.lat = request.lat;
  z.lon = request.lon;
  db.store().end_reads();  // the look-up must not pin the write to an old snapshot
  return db.store().add_zone(z, actor);
}

}  // namespace atlas::app
