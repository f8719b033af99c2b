Feature: Registrering – RegisterPatientAllergy gemmer en allergi (CAVE)
  "LAR servicen er en SOAP baseret snitflade til dette cave/ allergi register så man kan
  oprette, opdatere og trække information omkring den enkelte patient." (§2.5) The fields,
  what is required and what LAR overwrites are in §4.1.1; the code systems in §4.3.

  The allergies are the guide's own Register example (§5.1) with the changes each scenario
  names. The guide lists NotValidData among the reply's codes and asks for a statusText "med
  uddybende beskrivelse af evt. fejl" (§4.1.2). That a refused request is refused is the
  rule's own basis; that the refusal is an HTTP 200 NotValidData, not a SOAP fault, and that
  its text names the field (in any case, any words) is konform's reading: a warning unless
  readings are strict. A step ending "(konform's reading: <key>)" rests wholly on the reading
  of that name (konform/lar/readings.py).

  @req:LAR-4.1.1-IDENT
  Rule: identifier er et UUID; uden et identifier danner LAR selv et

    Scenario: LAR danner et UUID for en allergi registreret uden identifier
      Given an allergy of patient 1601010020 without identifier
      When the allergy is registered
      Then LAR answers Success
      And LAR lists the allergy under a UUID it made

    Scenario: LAR afviser en registrering af et identifier, der allerede findes
      The guide says only that an update's identifier must exist (konform's reading).
      Given LAR holds an allergy of patient 1601010020
      When the allergy is registered again
      Then LAR answers NotValidData naming "identifier" (konform's reading: duplicate)

    Scenario: LAR svarer NotValidData for hver genereret allergi med et identifier, der ikke er et UUID
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

  @req:LAR-4.1.1-REQUIRED
  Rule: clinicalStatus, substance, patient, onsetDateTime, recorder og recorderOrganization er påkrævet

    Scenario Outline: LAR svarer NotValidData, når <field> mangler
      Given an allergy of patient 1601010020 without <field>
      When the allergy is registered
      Then LAR answers NotValidData naming "<field>"
      And LAR holds nothing for patient 1601010020

      Examples:
        | field                |
        | clinicalStatus       |
        | substance            |
        | onsetDateTime        |
        | recorder             |
        | recorderOrganization |

    Scenario: LAR svarer NotValidData for hver genereret allergi, der mangler et påkrævet felt
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

    Scenario: LAR registrerer hver genereret gyldig allergi
      Then LAR answers Success for every generated valid allergy

  @req:LAR-4.1.1-OVERWRITE
  Rule: verificationStatus, type, category og lastUpdated overskrives altid af LAR

    Scenario: LAR gemmer confirmed, allergy og medication og sit eget lastUpdated, hvad klienten end sendte
      Given the allergy
        """xml
        <MedicationAllergyIntoleranceReduced xmlns:ns8="http://nsp.dk/medicationallergyservice/allergy/2018/11/21/">
          <ns8:identifier>7c9e6679-7425-40de-944b-e07fc1f90ae7</ns8:identifier>
          <ns8:clinicalStatus value="active"/>
          <ns8:verificationStatus value="unconfirmed"/>
          <ns8:type value="intolerance"/>
          <ns8:category value="food"/>
          <ns8:substance>
            <ns8:system>urn:oid:2.16.840.1.113883.6.73</ns8:system>
            <ns8:code>N02BE01</ns8:code>
          </ns8:substance>
          <ns8:patient>
            <ns8:system>urn:oid:1.2.208.176.1.2</ns8:system>
            <ns8:code>1601010020</ns8:code>
          </ns8:patient>
          <ns8:onsetDateTime>2018-11-01T13:30:00.000+01:00</ns8:onsetDateTime>
          <ns8:recorder>
            <ns8:system>urn:oid:1.2.208.176.1.3</ns8:system>
            <ns8:code>1234</ns8:code>
          </ns8:recorder>
          <ns8:recorderOrganization>
            <ns8:system>urn:oid:1.2.208.176.1.1</ns8:system>
            <ns8:code>1234567890</ns8:code>
          </ns8:recorderOrganization>
          <ns8:reaction>
            <ns8:manifestation>
              <ns8:system>urn:oid:1.2.208.176.2.4.12</ns8:system>
              <ns8:code>DL272</ns8:code>
            </ns8:manifestation>
            <ns8:manifestationDescription>Udslæt</ns8:manifestationDescription>
          </ns8:reaction>
          <ns8:versionId>7</ns8:versionId>
          <ns8:lastUpdated>1999-01-01T00:00:00.000+01:00</ns8:lastUpdated>
        </MedicationAllergyIntoleranceReduced>
        """
      When the allergy is registered
      Then LAR holds the allergy with verificationStatus "confirmed", type "allergy" and category "medication"
      And LAR holds one version of the allergy, with a lastUpdated of its own

    @sim-only
    Scenario: LAR sætter lastUpdated til sit eget ur
      Given LAR's clock is frozen
      And an allergy of patient 1601010020 with lastUpdated "1999-01-01T00:00:00.000+01:00"
      When the allergy is registered
      Then LAR holds the allergy with lastUpdated at LAR's clock time

  @req:LAR-4.1.1-CRIT
  Rule: criticality er low, high eller unable-to-assess
    The §4.2.2 table spells "unnable-to-assess" (erratum): the correct spelling is accepted,
    the misspelling is answered NotValidData naming criticality.

    Scenario: LAR registrerer en allergi med criticality unable-to-assess
      Given an allergy of patient 1601010020 with criticality "unable-to-assess"
      When the allergy is registered
      Then LAR answers Success

    Scenario: LAR afviser tabellens stavefejl unnable-to-assess
      Given an allergy of patient 1601010020 with criticality "unnable-to-assess"
      When the allergy is registered
      Then LAR answers NotValidData naming "criticality"

    Scenario: LAR svarer NotValidData for hver genereret allergi med en ukendt criticality
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

  @req:LAR-4.1.1-REACTION
  Rule: En reaktion har manifestation (SKS) eller manifestationDescription; severity er mild, moderate eller severe
    The §4.1.1 table writes "serverity" (erratum); the examples write severity.

    Scenario: LAR registrerer en reaktion, der kun er beskrevet med tekst
      Given an allergy of patient 1601010020 without reaction.manifestation
      When the allergy is registered
      Then LAR answers Success

    Scenario: LAR registrerer en reaktion, der kun har en SKS-kode
      Given an allergy of patient 1601010020 without reaction.manifestationDescription
      When the allergy is registered
      Then LAR answers Success

    Scenario: LAR afviser en reaktion uden både manifestation og manifestationDescription
      Given an allergy of patient 1601010020 with a reaction with neither manifestation nor description
      When the allergy is registered
      Then LAR answers NotValidData naming "manifestation"

    Scenario: LAR afviser tabellens stavemåde serverity
      The table's spelling is an erratum by konform's reading; a LAR that follows the table warns.
      Given an allergy of patient 1601010020 with its reaction's severity written "serverity"
      When the allergy is registered
      Then LAR answers NotValidData naming "serverity" (konform's reading: serverity)

    Scenario: LAR svarer NotValidData for hver genereret allergi med en ugyldig reaktion
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

    Scenario: LAR registrerer hver genereret allergi med gyldige reaktioner, også dem kun beskrevet med tekst
      Then LAR answers Success for every generated allergy with valid reactions

  @req:LAR-4.3-CODES
  Rule: Kun kodesystemerne i §4.3; drugId i ethvert urn:oid:
    Drug Id's OID is not settled ("urn:oid:mangler_afklaring"; the examples use
    urn:oid:drug_id): any urn:oid: is accepted (konform's reading). The structure of ATC and
    SOR codes is a warning only: the guide's own examples use ATC code 648005. A substance
    "kan være" ATC; that it must be – not a person's CPR or an organisation's SOR code – is
    konform's reading.

    Scenario: LAR registrerer guidens eget eksempel med ATC-koden 648005
      Given an allergy of patient 1601010020
      When the allergy is registered
      Then LAR answers Success

    Scenario: LAR accepterer drugId i systemet urn:oid:mangler_afklaring
      Given an allergy of patient 1601010020 with drugId.system "urn:oid:mangler_afklaring"
      When the allergy is registered
      Then LAR answers Success

    Scenario: LAR afviser en patient, der ikke er i CPR-systemet
      Given an allergy of patient 1601010020 with patient.system "urn:oid:1.2.208.176.1.1"
      When the allergy is registered
      Then LAR answers NotValidData naming "patient"

    Scenario: LAR afviser en substans kodet i CPR-systemet
      Given an allergy of patient 1601010020 with substance.system "urn:oid:1.2.208.176.1.2"
      When the allergy is registered
      Then LAR answers NotValidData naming "substance" (konform's reading: substance)

    Scenario: LAR svarer NotValidData for hver genereret allergi med et kodesystem uden for tabellen
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

  @req:LAR-4.1.2-REPLY
  Rule: Svaret er ReplyStatus (statusCode, statusText) og en liste af allergier, også ved ugyldige data
    A reply that is no SOAP envelope with a ReplyStatus or a fault fails the call that got
    it, under this rule, whatever the scenario. That a body outside konform's schema is
    refused at all is konform's reading: the guide publishes no schema.

    Scenario: LAR svarer Success med en statusText og et svar, der følger skemaet
      Given an allergy of patient 1601010020
      When the allergy is registered
      Then LAR answers Success
      And the reply follows LAR's schema

    Scenario: LAR afviser et element uden for skemaet
      Given an allergy of patient 1601010020 with an element "asserter" LAR does not know
      When the allergy is registered
      Then LAR answers NotValidData naming "asserter" (konform's reading: schema)

    Scenario: LAR afviser hver genereret anmodning, der bryder skemaet
      Then LAR answers NotValidData naming the field for every generated request that breaks the rule

    @sim-only
    Scenario: LAR svarer ProblemCallingCave og gemmer intet, når CAVE ikke svarer
      Given CAVE does not answer
      And an allergy of patient 1601010020
      When the allergy is registered
      Then LAR answers ProblemCallingCave (konform's reading: outages)
      And LAR holds nothing for patient 1601010020 once CAVE answers again (konform's reading: outages)
