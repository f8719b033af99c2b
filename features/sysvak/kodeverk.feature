Feature: Kodeverk – SYSVAK leverer sine kodeverk på forespørsel, som en flat liste
  "Kodeverkene leveres fra SYSVAK som en flat struktur. Altså ikke en trestruktur, der f.eks.
  et fylke inneholder kommuner, og kommuner inneholder bydeler etc." (Dok 31 §6.1)

  A code list is named by its Volven OID (the lists Dok 31 names: 9051, 8327, 9032) or by
  konform's own name for the others (vaksinekoder, arsaker, kjonn, bostedsomrader).

  @req:SYSVAK-6-KODEVERK
  Rule: En KodeverkRequest navngir ett kodeverk, og KodeverkResponse returnerer det flatt

    Scenario: Bostedsområder leveres flatt – fylker, kommuner og bydeler side om side
      Given a KodeverkRequest for "bostedsomrader"
      When the message is sent
      Then the code list comes back flat with the codes "03", "0301" and "030101"

    Scenario Outline: Kodeverket <kodeverk> kan hentes fra SYSVAK
      Given a KodeverkRequest for "<kodeverk>"
      When the message is sent
      Then the code list holds the code "<kode>"

      Examples:
        | kodeverk                 | kode |
        | 2.16.578.1.12.4.1.1.9051 | HER  |
        | 9032                     | HNR  |
        | vaksinekoder             | MMR  |

    Scenario: Et kodeverk SYSVAK ikke har, avvises
      Given a KodeverkRequest for "fargekoder"
      When the message is sent
      Then SYSVAK refuses the message
