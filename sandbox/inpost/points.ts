// Seeded parcel lockers in a few Polish cities, shaped like ShipX `GET /v1/points` items.
export type SeedPoint = {
  name: string
  city: string
  province: string
  postCode: string
  street: string
  building: string
  description: string
  lat: number
  lng: number
  /** 'parcel_locker' lockers accept sending and collecting; 'pop' points (shops) only collecting here */
  type: 'parcel_locker' | 'pop'
}

const p = (
  name: string,
  city: string,
  province: string,
  postCode: string,
  street: string,
  building: string,
  description: string,
  lat: number,
  lng: number,
  type: SeedPoint['type'] = 'parcel_locker',
): SeedPoint => ({ name, city, province, postCode, street, building, description, lat, lng, type })

export const SEED_POINTS: SeedPoint[] = [
  p('KRA010', 'Kraków', 'małopolskie', '31-153', 'Warszawska', '24', 'Przy sklepie Żabka', 50.0701, 19.9427),
  p(
    'KRA012',
    'Kraków',
    'małopolskie',
    '30-062',
    'Czarnowiejska',
    '50',
    'Obok wejścia do akademika',
    50.0672,
    19.9156,
  ),
  p(
    'KRA045M',
    'Kraków',
    'małopolskie',
    '31-564',
    'Mogilska',
    '43',
    'Galeria Krakowska, parking',
    50.0687,
    19.9662,
  ),
  p('KRA101', 'Kraków', 'małopolskie', '30-418', 'Zakopiańska', '62', 'Stacja paliw Orlen', 50.0201, 19.9289),
  p('KRA33POP', 'Kraków', 'małopolskie', '31-042', 'Grodzka', '8', 'Kiosk Ruch', 50.0589, 19.9383, 'pop'),
  p(
    'WAW01M',
    'Warszawa',
    'mazowieckie',
    '00-001',
    'Marszałkowska',
    '104',
    'Metro Centrum, wyjście 3',
    52.2319,
    21.0067,
  ),
  p(
    'WAW22A',
    'Warszawa',
    'mazowieckie',
    '02-495',
    'Aleje Jerozolimskie',
    '179',
    'Blue City, poziom -1',
    52.2122,
    20.9533,
  ),
  p(
    'WAW118',
    'Warszawa',
    'mazowieckie',
    '03-734',
    'Targowa',
    '72',
    'Przy Bazarze Różyckiego',
    52.2508,
    21.0375,
  ),
  p('WAW239M', 'Warszawa', 'mazowieckie', '02-676', 'Postępu', '14', 'Biurowiec, recepcja', 52.1806, 21.0046),
  p(
    'WAW77POP',
    'Warszawa',
    'mazowieckie',
    '00-950',
    'Nowy Świat',
    '22',
    'Księgarnia',
    52.2336,
    21.0183,
    'pop',
  ),
  p('GDA05M', 'Gdańsk', 'pomorskie', '80-831', 'Długa', '12', 'Przy Ratuszu', 54.3489, 18.6531),
  p('GDA117', 'Gdańsk', 'pomorskie', '80-309', 'Grunwaldzka', '141', 'Galeria Bałtycka', 54.383, 18.5994),
  p('GDA41A', 'Gdańsk', 'pomorskie', '80-180', 'Kartuska', '220', 'Parking marketu', 54.3569, 18.57),
  p(
    'POZ08M',
    'Poznań',
    'wielkopolskie',
    '61-894',
    'Półwiejska',
    '42',
    'Stary Browar, wejście B',
    52.4019,
    16.9281,
  ),
  p('POZ133', 'Poznań', 'wielkopolskie', '60-365', 'Grunwaldzka', '182', 'Przy przystanku', 52.3958, 16.8594),
  p('WRO12A', 'Wrocław', 'dolnośląskie', '50-079', 'Ruska', '46', 'Pasaż Niepolomskiego', 51.1099, 17.0272),
  p(
    'WRO201M',
    'Wrocław',
    'dolnośląskie',
    '53-333',
    'Powstańców Śląskich',
    '95',
    'Sky Tower',
    51.0945,
    17.0193,
  ),
  p('WRO58', 'Wrocław', 'dolnośląskie', '51-151', 'Kromera', '44', 'Osiedle Kromera', 51.1313, 17.0652),
]
