Feature: Opdatering – UpdatePatientAllergy skriver en ny version af en allergi
  "versionId – Allergiens version, der opdateres automatisk ved opdateringer. Ved
  UpdatePatient: skal være udfyldt og indeholde nyeste version" (§4.1.1). "Ved updatePatient:
  en allergi med status inactive kan ikke opdateres." "Ved UpdatePatient: Patienten må ikke
  opdateres men skal indeholde det samme som der allerede findes på allergien."

  A stale or missing versionId is refused (the guide: "skal være udfyldt og indeholde nyeste
  version"); that versions are numbered 1, 2, 3 … is konform's reading (the guide's examples
  register version 1 and update from it).

  @req:LAR-4.1.1-VERSION
  Rule: versionId begynder ved 1, vokser med 1 og skal være den nyeste ved opdatering

    Scenario: LAR giver en ny allergi version 1
      Given an allergy of patient 1601010020
      When the allergy is registered
      Then LAR holds the allergy at version 1 (konform's reading: versions)

    Scenario: LAR gemmer en opdatering med den nyeste versionId som version 2
      Given LAR holds an allergy of patient 1601010020
      When the allergy is updated with note "Reaktion set igen"
      Then LAR answers Success
      And LAR holds 2 versions of the allergy, the newest with note "Reaktion set igen"

    Scenario: LAR afviser en opdatering med en forældet versionId
      Given LAR holds an allergy of patient 1601010020
      And the allergy has been updated to clinicalStatus "resolved"
      When the allergy is updated from version 1
      Then LAR answers NotValidData naming "versionId"
      And LAR holds 2 versions of the allergy, the newest with clinicalStatus "resolved"

    Scenario: LAR afviser en opdatering uden versionId
      Given LAR holds an allergy of patient 1601010020
      When the allergy is updated without versionId
      Then LAR answers NotValidData naming "versionId"

  @req:LAR-4.1.1-STATUS
  Rule: clinicalStatus er active, inactive eller resolved; en inaktiv allergi kan ikke opdateres
    The §4.2.2 table writes Active, Inactive, Resolved (erratum); the examples and LAR use lower case.

    Scenario: LAR opdaterer en allergi fra active til resolved
      Given LAR holds an allergy of patient 1601010020
      When the allergy is updated with clinicalStatus "resolved"
      Then LAR answers Success

    Scenario: LAR afviser en opdatering af en allergi, hvis status er inactive
      Given LAR holds an allergy of patient 1601010020
      And the allergy has been updated to clinicalStatus "inactive"
      When the allergy is updated with clinicalStatus "active"
      Then LAR answers NotValidData naming "inactive"
      And LAR holds 2 versions of the allergy, the newest with clinicalStatus "inactive"

    Scenario: LAR afviser tabellens store begyndelsesbogstav "Active"
      Given an allergy of patient 1601010020 with clinicalStatus "Active"
      When the allergy is registered
      Then LAR answers NotValidData naming "clinicalStatus"

    Scenario: LAR svarer NotValidData for hver genereret allergi med en ukendt clinicalStatus
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

  @req:LAR-4.1.1-PATIENT
  Rule: Patienten på en allergi kan ikke ændres

    Scenario: LAR afviser en opdatering, der nævner en anden patient
      Given LAR holds an allergy of patient 1601010020
      When the allergy is updated with patient.code "2001211005"
      Then LAR answers NotValidData naming "patient"
      And the allergy's patient is unchanged

  @req:LAR-4.1.1-IDENT
  Rule: Ved opdatering skal identifier allerede findes

    Scenario: LAR afviser en opdatering af en allergi, LAR ikke har
      Given an allergy of patient 1601010020
      When an allergy LAR does not hold is updated
      Then LAR answers NotValidData naming "identifier"

  @req:LAR-4.1.1-VERSION @req:LAR-4.1.1-STATUS @req:LAR-4.1.1-PATIENT @req:LAR-4.2.1-HISTORY
  Rule: Versioner, status og patient holder gennem enhver rækkefølge af kald

    Scenario: Gennem enhver rækkefølge af registreringer, opdateringer, statusskift og læsninger holder LAR sine versioner
      Then through any sequence of calls LAR keeps versions, statuses, history and patient as the guide says
